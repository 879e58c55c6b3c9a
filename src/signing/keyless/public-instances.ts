// The public Sigstore instances keyless signing uses unless told otherwise. A file of its own,
// with no imports, so that command declarations can name them without loading sigstore-js.
export const PUBLIC_FULCIO_URL = "https://fulcio.sigstore.dev";
export const PUBLIC_REKOR_URL = "https://rekor.sigstore.dev";
