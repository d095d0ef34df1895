import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { fromIpynb, toIpynb } from "./ipynb";
import { type Notebook, withoutOutputs } from "./notebook";

/**
 * Sharing by URL: the notebook's sources (no outputs) as ipynb JSON, deflated and base64url-encoded in the
 * page's hash, so nothing is uploaded anywhere. A notebook opened this way runs nothing until the user does.
 */
const PREFIX = "#nb=";

export function shareHash(notebook: Notebook): string {
  const json = JSON.stringify(toIpynb(notebook, { outputs: false }));
  return PREFIX + base64url(deflateSync(strToU8(json), { level: 9 }));
}

export function shareUrl(notebook: Notebook, location: string): string {
  return location.replace(/#.*$/, "") + shareHash(notebook);
}

/** The notebook in a hash made by shareHash, or undefined where the hash holds none. */
export function notebookFromHash(hash: string): Notebook | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  const bytes = fromBase64url(hash.slice(PREFIX.length));
  return withoutOutputs(fromIpynb(JSON.parse(strFromU8(inflateSync(bytes))), "Shared notebook"));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
