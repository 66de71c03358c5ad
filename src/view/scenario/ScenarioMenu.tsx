import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { dismissUndo, replaceRun } from '../../store/guard';
import { Modal } from '../layout/Modal';
import { isolate } from '../text/user-text';
import { openFile, savedFile, shareLink } from '../../store/open-doc';
import { copyText, saveJsonFile } from '../save-file';
import './scenario.css';

function ShareDialog({
  url,
  copied,
  onCopy,
  onClose,
  extras,
}: {
  url: string;
  copied: boolean | null;
  onCopy: () => void;
  onClose: () => void;
  extras?: ReactNode;
}) {
  const fieldRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }, []);
  return (
    <Modal labelledBy="share-title" className="share-dialog" onClose={onClose}>
      <h2 id="share-title">Share this moment</h2>
      <label className="share-field">
        Share link
        <input ref={fieldRef} type="text" readOnly value={url} aria-describedby="share-length" onFocus={(e) => e.target.select()} />
      </label>
      <p id="share-length" className="dialog-note">
        {url.length.toLocaleString('en-US')} characters. Opening it replays the same history and stops at this moment.
      </p>
      <p className="dialog-note">Everything is in the link itself; nothing is sent to a server.</p>
      <p className="share-status" role="status">
        {copied === true && 'Copied to the clipboard.'}
        {copied === false && 'This browser did not allow copying: select the link above and copy it.'}
      </p>
      {extras}
      <div className="dialog-actions">
        <button type="button" onClick={onCopy}>
          Copy link
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/**
 * Share, Save and Open…: the run as data. Share puts the whole doc (scenario, seed,
 * recorded commands, playhead) in the URL fragment and copies it; nothing goes to a server.
 * `renderShareExtras` adds to the share dialog (e.g. a QR code of the link).
 */
export function ScenarioMenu({ renderShareExtras }: { renderShareExtras?: (url: string) => ReactNode } = {}) {
  const [share, setShare] = useState<{ url: string; copied: boolean | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shareButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const onShare = () => {
    setError(null);
    const link = shareLink(location.href);
    if (!link.ok) return setError(link.error);
    const { url } = link;
    history.replaceState(history.state, '', url);
    setShare({ url, copied: null });
    void copyText(url).then((ok) => setShare((s) => (s && s.url === url ? { ...s, copied: ok } : s)));
  };

  const onCopy = () => {
    if (!share) return;
    const url = share.url;
    void copyText(url).then((ok) => setShare((s) => (s && s.url === url ? { ...s, copied: ok } : s)));
  };

  const closeShare = () => {
    setShare(null);
    shareButton.current?.focus();
  };

  const onSave = () => {
    setError(null);
    const file = savedFile();
    if (!file.ok) return setError(file.error);
    const failed = saveJsonFile(file.name, file.json);
    if (failed) setError(failed);
  };

  const onOpen = (file: File | undefined) => {
    setError(null);
    if (!file) return;
    const open = async () => {
      const why = await openFile(file);
      setError(why);
      if (why) dismissUndo(); // nothing was replaced: there is nothing to undo
    };
    replaceRun(`Open “${isolate(file.name)}”`, () => void open());
  };

  return (
    <div className="scenario-menu" role="group" aria-label="Scenario">
      <button type="button" ref={shareButton} onClick={onShare} title="Put this run and this moment into a link">
        Share
      </button>
      <button type="button" onClick={onSave} title="Download this run as a JSON file">
        Save
      </button>
      <button type="button" onClick={() => fileInput.current?.click()} title="Open a saved scenario file">
        Open…
      </button>
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        accept=".json,application/json"
        aria-label="Open a scenario file"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // choosing the same file again still opens it
          onOpen(file);
        }}
      />
      {error && (
        <p className="scenario-error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {share && <ShareDialog url={share.url} copied={share.copied} onCopy={onCopy} onClose={closeShare} extras={renderShareExtras?.(share.url)} />}
    </div>
  );
}
