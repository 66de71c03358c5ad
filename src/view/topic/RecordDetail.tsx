import { useEffect, useState } from 'react';
import { partitionName } from '../../engine';
import type { RecordView } from '../../engine';
import { readRecords } from '../../store';
import { usePartitionOffsets } from '../../store/hooks';
import { formatSimTime, formatWallDate } from '../format';
import { UserText } from '../text/UserText';
import './topic.css';

const num = (n: number): string => n.toLocaleString('en-US');

/** What a field of a record whose payload was dropped says (`RecordView.dropped`). */
const DROPPED = 'dropped to save memory';

/** A value pretty-printed when it is JSON, as it is otherwise. */
function prettyValue(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

const TIMESTAMP_TYPES: Record<RecordView['timestampType'], string> = {
  CreateTime: 'CreateTime: set by the producer',
  LogAppendTime: 'LogAppendTime: set by the broker at append',
};

/** How the record's partition was chosen: murmur2 step by step, or the sticky partitioner. */
function PartitionChoice({ record }: { record: RecordView }) {
  const h = record.keyHash;
  if (record.key === null || !h) return <p>No key: the producer&apos;s sticky partitioner (KIP-794) picked this partition for the whole batch.</p>;
  return (
    <>
      <p className="record-hash">
        murmur2(UTF-8 bytes of &quot;
        <UserText text={record.key} />
        &quot;) = {num(h.murmur2)} → toPositive (h &amp; 0x7fffffff) = {num(h.positive)} → {num(h.positive)} mod {h.numPartitions} = {h.partition} → partition{' '}
        {h.partition}
      </p>
      {h.partition !== record.partition && (
        <p className="warning" role="note">
          This record is in partition {record.partition}, not {h.partition}: it was produced to an explicit partition, or the topic had a different number of
          partitions when it was written (partitions added later move keys).
        </p>
      )}
    </>
  );
}

type Fetched = { key: string; records: RecordView[] } | null;

/**
 * One record as the leader stores it: key, value, headers, timestamp and its type, leader epoch,
 * producer, size, whether consumers can see it yet, and how its partition was chosen.
 */
export function RecordDetail({ topic, partition, offset }: { topic: string; partition: number; offset: number }) {
  const name = partitionName(topic, partition);
  const requestKey = `${name}@${offset}`;
  const offsets = usePartitionOffsets(topic, partition);
  // Re-read when the record becomes committed (the high watermark passes it).
  const committedNow = offsets ? offsets.highWatermark > offset : false;
  const bounds = offsets ? `log start ${offsets.logStartOffset} / log end ${offsets.logEndOffset}` : 'the partition does not exist';
  const [fetched, setFetched] = useState<Fetched>(null);
  useEffect(() => {
    let stale = false;
    void readRecords(topic, partition, offset, 1).then((records) => {
      if (!stale) setFetched({ key: requestKey, records });
    });
    return () => {
      stale = true;
    };
  }, [topic, partition, offset, requestKey, committedNow]);

  const current = fetched?.key === requestKey ? fetched.records : null;
  const record = current?.[0];
  return (
    <section aria-label={`Record ${name}@${offset}`} className="record-detail">
      <h3>
        Record {name} offset {offset}
      </h3>
      {current === null ? (
        <p>Reading offset {offset}…</p>
      ) : !record ? (
        <p>
          Offset {offset} is not in the log ({bounds}).
        </p>
      ) : (
        <>
          {record.offset > offset && (
            <p role="note" className="warning">
              Offset {offset} no longer exists (removed by compaction or retention); showing the next record, offset {record.offset}
            </p>
          )}
          {record.dropped && (
            <p role="note" className="record-dropped">
              The simulator dropped this old record&apos;s key, value and headers to stay within its memory budget; a real broker keeps them on disk until
              retention deletes them. Its offset is exact; its time and size are estimates from the batches it was written in.
            </p>
          )}
          <dl className="record-fields">
            <dt>Partition and offset</dt>
            <dd>
              {record.topic}-{record.partition} @ {record.offset}
            </dd>
            <dt>Key</dt>
            <dd>
              {record.dropped ? (
                DROPPED
              ) : record.key === null ? (
                'no key (null)'
              ) : (
                <code>
                  <UserText text={record.key} />
                </code>
              )}
            </dd>
            <dt>Value</dt>
            <dd>
              {record.dropped ? (
                DROPPED
              ) : record.value === null ? (
                'null — a tombstone (compaction deletes this key)'
              ) : (
                <pre className="record-value">
                  <UserText text={prettyValue(record.value)} multiline />
                </pre>
              )}
            </dd>
            <dt>Headers</dt>
            <dd>
              {record.dropped ? (
                DROPPED
              ) : record.headers.length === 0 ? (
                'no headers'
              ) : (
                <table className="record-headers">
                  <thead>
                    <tr>
                      <th scope="col">Header</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.headers.map(([k, v], i) => (
                      <tr key={i}>
                        <td>
                          <UserText text={k} />
                        </td>
                        <td>
                          <UserText text={v} multiline />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </dd>
            <dt>Timestamp</dt>
            <dd>
              {record.dropped && 'about '}
              {formatSimTime(record.timestampMs)} (simulated) · {formatWallDate(record.timestampEpochMs, true)} · {TIMESTAMP_TYPES[record.timestampType]}
            </dd>
            <dt>Leader epoch</dt>
            <dd>{record.dropped ? DROPPED : record.leaderEpoch}</dd>
            <dt>Producer</dt>
            <dd>{record.dropped ? DROPPED : <UserText text={record.producerId} />}</dd>
            <dt>Size</dt>
            <dd>
              {record.dropped && 'about '}
              {num(record.sizeBytes)} bytes
            </dd>
            <dt>Committed</dt>
            <dd>
              {record.committed
                ? 'committed (below the high watermark): consumers can read it'
                : 'not yet committed (above the high watermark): consumers cannot read it yet'}
            </dd>
            <dt>Partition choice</dt>
            <dd>{record.dropped ? 'not known: the key was dropped' : <PartitionChoice record={record} />}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
