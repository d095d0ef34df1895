/** Hands bytes or text to the browser as a download named `name`. */
export function downloadFile(name: string, data: BlobPart, type?: string): void {
  const url = URL.createObjectURL(new Blob([data], type ? { type } : undefined));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  // The click has started the download; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
