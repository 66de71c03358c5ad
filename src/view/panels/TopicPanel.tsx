import { useShallow } from 'zustand/react/shallow';
import type { ConfigEntry } from '../../engine';
import { CONFIG_DEFS } from '../../engine';
import { useSimStore } from '../../store';
import type { SimState } from '../../store';
import { formatBytes, formatDuration } from '../describe-event';

const selectTopics = (s: SimState) => s.snapshot?.topics.filter((t) => !t.name.startsWith('__')) ?? [];
const SHOWN = ['retention.ms', 'retention.bytes', 'segment.bytes', 'segment.ms', 'min.insync.replicas', 'cleanup.policy', 'message.timestamp.type', 'unclean.leader.election.enable'];

/** A config value in human units ("7 days", "1 GiB"). */
export function humanConfigValue(entry: Pick<ConfigEntry, 'name' | 'value'>): string {
  const unit = CONFIG_DEFS[entry.name]?.unit;
  if (typeof entry.value === 'number' && unit === 'ms') return entry.value >= Number.MAX_SAFE_INTEGER ? 'never' : formatDuration(entry.value);
  if (typeof entry.value === 'number' && unit === 'bytes') return formatBytes(entry.value);
  return String(entry.value);
}

/** Topics, their key settings in human units, which ones differ from Kafka's defaults, and warnings. */
export function TopicPanel() {
  const topics = useSimStore(useShallow(selectTopics));
  return (
    <section aria-labelledby="topics-heading" className="panel">
      <h2 id="topics-heading">Topics</h2>
      {topics.map((t) => (
        <article key={t.name} aria-label={`Topic ${t.name}`}>
          <h3>
            {t.name} <small>({t.partitions} partitions, replication factor {t.replicationFactor})</small>
          </h3>
          <dl className="configs">
            {t.configs
              .filter((c) => SHOWN.includes(c.name))
              .map((c) => (
                <div key={c.name} className={c.source === 'default' ? 'config-default' : 'config-changed'}>
                  <dt>{c.name}</dt>
                  <dd>
                    {humanConfigValue(c)} <small>{c.source === 'default' ? "(Kafka's default)" : `(changed; Kafka's default is ${humanConfigValue({ name: c.name, value: c.kafkaDefault })})`}</small>
                  </dd>
                </div>
              ))}
          </dl>
          {t.warnings.map((w) => (
            <p key={w} className="warning" role="note">
              ⚠ {w}
            </p>
          ))}
        </article>
      ))}
    </section>
  );
}
