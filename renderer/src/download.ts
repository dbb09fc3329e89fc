/**
 * Saves data the API handed back as a file, through a Blob URL: works in Electron and in the
 * browser console alike, and the console's CSP opens no new windows.
 */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by then; the URL is only needed until the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(filename, new Blob([text], { type }));
}

/** A document the API sent as base64 (PDFs, CSVs of purchase orders, packing slips). */
export function downloadBase64(filename: string, mime: string, base64: string): void {
  saveBlob(filename, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: mime }));
}
