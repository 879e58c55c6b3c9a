// The public Sigstore instances keyless signing uses by default, in a file of their own so
// that command declarations can name them without loading the signing libraries.
export const PUBLIC_FULCIO_URL = "https://fulcio.sigstore.dev";
export const PUBLIC_REKOR_URL = "https://rekor.sigstore.dev";
