import { useMemo, useState } from 'react';
import { dismissFault } from '../../store';
import type { FaultReport } from '../../store';
import { useFault } from '../../store/hooks';
import { savedFile, shareLink } from '../../store/open-doc';
import { formatSimTime } from '../format';
import { copyText, saveJsonFile } from '../save-file';
import { UserText } from '../text/UserText';

const DOING: Record<FaultReport['during'], string> = {
  load: 'starting the scenario',
  command: 'carrying out an action',
  play: 'running',
  'fast-forward': 'fast-forwarding',
  opening: 'replaying a loaded run',
  'time travel': 'travelling in time',
  worker: 'running',
};

/** What happened to the run, in words. */
function whatHappened(f: FaultReport): string {
  const kept = f.kept ? formatSimTime(f.kept.playheadMs) : null;
  if (f.givenUp) return 'It could not be restarted, not even with the default scenario: reload the page to start again.';
  if (f.fellBack) return 'The kept run failed again while it was reopened, so the default scenario is loaded instead.';
  return kept ? `It was restarted and your run is kept up to ${kept}, paused. Playing on from there will probably meet the same error.` : 'It was restarted.';
}

/**
 * After an engine fault (a bug in Streamscope, not something Kafka does): the error in words, what
 * was kept, and the run as a link or a file to report it with. The page stays usable throughout.
 */
export function FaultBanner() {
  const fault = useFault();
  const [note, setNote] = useState<string | null>(null);
  const link = useMemo(() => (fault?.kept ? shareLink(location.href.split('#')[0]!, fault.kept) : null), [fault]);
  if (!fault) return null;
  const onSave = () => {
    const file = savedFile(fault.kept);
    setNote(file.ok ? saveJsonFile(file.name, file.json) : file.error);
  };
  const onCopy = () => {
    if (link?.ok) void copyText(link.url).then((ok) => setNote(ok ? 'The link is copied.' : 'Copy the link from the field.'));
  };
  return (
    <section className="error-banner fault-banner" role="alert" aria-labelledby="fault-title">
      <h2 id="fault-title">The simulator stopped on an internal error</h2>
      <p>
        While {DOING[fault.during]} at {formatSimTime(fault.atMs)}:{' '}
        <code>
          <UserText text={fault.message} />
        </code>
        {/[.!?]$/.test(fault.message) ? '' : '.'} This is a bug in Streamscope, not something Kafka does. {whatHappened(fault)}
      </p>
      {link?.ok && (
        <p className="fault-report">
          <label>
            Link to the run, to report the bug with <input type="text" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
          </label>{' '}
          <button type="button" onClick={onCopy}>
            Copy link
          </button>{' '}
          <button type="button" onClick={onSave}>
            Save run as file
          </button>
        </p>
      )}
      {link && !link.ok && <p>{link.error}</p>}
      {note && <p role="status">{note}</p>}
      <p>
        <button type="button" onClick={dismissFault}>
          Dismiss
        </button>
      </p>
    </section>
  );
}
