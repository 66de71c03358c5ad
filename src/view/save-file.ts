/**
 * Handing text to the person: onto the clipboard, or into a downloaded file. Nothing leaves the
 * machine: the file is made from a Blob in the page.
 */

/** Copies `text`; false when the browser will not (no permission, page not focused): show a field to copy from. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission (e.g. the page is not focused): the field is there to copy from
  }
}

/** Downloads `json` as a file called `name`; returns why it could not, or null. */
export function saveJsonFile(name: string, json: string): string | null {
  if (typeof URL.createObjectURL !== 'function') return 'This browser cannot save files from a page.';
  const href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 0);
  return null;
}
