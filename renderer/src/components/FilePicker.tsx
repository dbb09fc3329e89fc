import type { ChosenFile, FileFilter } from '../../../shared/desktop';

/** A file to import: from the browser's file input, or chosen in the desktop app's native dialog. */
export type PickedFile = File | ChosenFile;

/** The picked file's first few KB as text, for guessing its format from the header row. */
export async function pickedFileHead(file: PickedFile): Promise<string> {
  return file instanceof File ? file.slice(0, 4000).text() : (file.head ?? '');
}

/**
 * Choose a file to import. In the desktop app: the system's own open dialog (main then streams the
 * file from disk); in the browser console and on packing stations: a file input.
 */
export function FilePicker(props: { label: string; accept: string; filters: FileFilter[]; file: PickedFile | null; onPick(file: PickedFile): void }) {
  const dialogs = window.shipshape.dialogs;
  if (!dialogs) {
    return (
      <input
        type="file"
        accept={props.accept}
        aria-label={props.label}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) props.onPick(f);
        }}
      />
    );
  }
  return (
    <span className="row nowrap">
      <button
        type="button"
        className="secondary"
        aria-label={props.label}
        onClick={async () => {
          const chosen = await dialogs.openFile({ title: props.label, filters: props.filters });
          if (chosen) props.onPick(chosen);
        }}
      >
        Choose file…
      </button>
      <span className="muted">{props.file ? props.file.name : 'No file chosen'}</span>
    </span>
  );
}
