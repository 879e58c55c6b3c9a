import {
  Container, ImageReference, elementPath, manifestDigest, mustBe, PodSpecLocation,
} from "@wardenkit/sdk";
import { Settings } from "./settings";
import { Pin } from "./pin";

/** What the images of one pod spec need: refusals, digest pins, or a host failure. */
export class ImageReview {
  /** The first image that is not a string, phrased for the user; null when every image is. */
  badInput: string | null = null;
  /** One entry per refused image, naming its container. */
  problems: string[] = [];
  pins: Pin[] = [];
  /** The host's message when a digest could not be resolved; the request is then refused. */
  hostError: string | null = null;
}

/** Why `image` may not run, before asking any registry; null when it may. */
function staticProblem(image: ImageReference, settings: Settings): string | null {
  if (!image.ok) return "is invalid: " + image.error!;
  if (!settings.allowsRegistry(image.domain)) {
    return "comes from registry " + image.domain + ", which is not in allowedRegistries (" + settings.allowedRegistries.join(", ") + ")";
  }
  if (!settings.rejectLatest) return null;
  const tag = image.tag;
  if (tag !== null && tag == "latest") return "uses the latest tag; name a version or a digest";
  if (tag === null && image.digest === null) return "has neither tag nor digest, so it means latest; name a version or a digest";
  return null;
}

function reviewContainer(review: ImageReview, container: Container, where: string, settings: Settings): void {
  const value = container.value.get("image");
  const text = value.asString();
  if (text === null) {
    // An absent image is the API server's to refuse; there is nothing to check.
    if (!value.isAbsent && review.badInput === null) review.badInput = mustBe(where + ".image", "an image reference", value);
    return;
  }
  const image = ImageReference.parse(text);
  const refused = staticProblem(image, settings);
  if (refused !== null) {
    review.problems.push(container.describe() + ": image \"" + text + "\" " + refused);
    return;
  }
  // Registries are only asked while the request may still be admitted.
  if (review.problems.length > 0 || review.hostError !== null) return;

  let digest: string | null = null;
  const rule = settings.signatureRuleFor(image.name);
  if (rule !== null) {
    const verified = rule.verify(text);
    if (!verified.ok || !verified.isTrusted) {
      const why = verified.ok ? "no signature is trusted" : verified.error;
      review.problems.push(container.describe() + ": image \"" + text + "\" is not signed by " + rule.signer + " verifySignatures." + rule.pattern + " trusts: " + why);
      return;
    }
    digest = verified.digest; // pin what was verified, not what the tag points to a moment later
  }
  if (!settings.pinDigests || image.digest !== null) return;
  if (digest === null) {
    const resolved = manifestDigest(text);
    if (!resolved.ok) {
      review.hostError = container.describe() + ": the digest of image \"" + text + "\" could not be resolved: " + resolved.error;
      return;
    }
    digest = resolved.digest;
  }
  review.pins.push(new Pin(value, text + "@" + digest!));
}

/** Checks the image of every container, init container and ephemeral container at `location`. */
export function reviewImages(location: PodSpecLocation, settings: Settings): ImageReview {
  const review = new ImageReview();
  const containers = location.podSpec.allContainers();
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    reviewContainer(review, c, elementPath(location.dottedPath + "." + c.listKey, c.index), settings);
  }
  return review;
}
