/**
 * User text in HTML: isolated in a `<bdi>` (so a right-to-left override or Hebrew letters in an id
 * cannot reorder the sentence around it), hidden characters drawn as markers `⟨U+202E⟩` with the
 * character's name on hover and for screen readers, long text wrapped anywhere or elided with the
 * whole text in the tooltip. React renders it as text, never as HTML.
 */
import type { ReactNode } from 'react';
import { describeCodePoint, sentenceParts, textParts, visibleParts, visibleText } from './user-text';
import type { TextPart, VisibleOptions } from './user-text';
import './user-text.css';

/** Markers for one string's hidden characters, each with the character's name. */
function renderParts(parts: TextPart[]): ReactNode[] {
  return parts.map((p, i) =>
    'codePoint' in p ? (
      <span key={i} className="user-text-mark" title={describeCodePoint(p.codePoint)}>
        {p.text}
      </span>
    ) : (
      p.text
    ),
  );
}

/** Props of `UserText`. */
export interface UserTextProps extends VisibleOptions {
  text: string;
  /**
   * `wrap` (default) breaks a long name anywhere so it never widens the page; `elide` keeps one line
   * and ends with "…", with the whole (visible) text as its tooltip.
   */
  fit?: 'wrap' | 'elide';
  className?: string;
}

/**
 * An id, name, key, value or header as typed, isolated and with hidden characters visible.
 * @example <h3>Producer <UserText text={producer.id} /></h3>
 */
export function UserText({ text, fit = 'wrap', multiline, className }: UserTextProps) {
  const options = { multiline };
  const cls = `user-text user-text-${fit}${multiline ? ' user-text-multiline' : ''}${className ? ` ${className}` : ''}`;
  return (
    <bdi className={cls} title={fit === 'elide' ? visibleText(text, options) : undefined}>
      {renderParts(textParts(text, options))}
    </bdi>
  );
}

/**
 * A sentence built with `isolate(…)` around its user text (the event log's lines): the sentence's
 * own words as text, each user part in a `<bdi>` with its markers.
 */
export function IsolatedSentence({ text }: { text: string }) {
  return (
    <>
      {sentenceParts(text).map((p, i) =>
        p.user ? (
          <bdi key={i} className="user-text user-text-wrap">
            {renderParts(visibleParts(p.text))}
          </bdi>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/**
 * Under a text field: what was typed, with its hidden characters shown, when it has any (a field
 * shows them as nothing). Nothing otherwise.
 * @example <HiddenCharacters text={draftId} />
 */
export function HiddenCharacters({ text }: { text: string }) {
  if (visibleText(text) === text) return null;
  return (
    <p className="inspector-note user-text-typed">
      Contains invisible characters: <UserText text={text} />
    </p>
  );
}
