/**
 * The lesson panel (narration, "predict, then reveal", Back / Next) and the lesson picker. All
 * lesson text is rendered as React text: lessons are built in, but a share link names them.
 */
import { useLessonProgress } from '../../store/hooks';
import { choose, exitLesson, findLesson, nextStep, previousStep, reveal } from '../../store/lesson';
import type { LessonPredict } from '../../store/lesson';
import './lesson.css';

/**
 * The prediction: choices as radio buttons in a group named by the question, then the reveal.
 * Also the presenter's caption shows it, so the room sees the choices.
 */
export function Predict({ predict, name }: { predict: LessonPredict; name: string }) {
  const { revealed, choice } = useLessonProgress();
  const right = choice === predict.answer;
  return (
    <fieldset className="lesson-predict">
      <legend>
        <span className="lesson-predict-tag" aria-hidden="true">
          Predict
        </span>
        {predict.question}
      </legend>
      {predict.choices.map((text, i) => (
        <label key={i} className={`lesson-choice${revealed && i === predict.answer ? ' lesson-choice-answer' : ''}`}>
          <input type="radio" name={name} value={i} checked={choice === i} disabled={revealed} onChange={() => choose(i)} />
          <span>{text}</span>
          {revealed && i === predict.answer ? <span className="lesson-answer-mark"> ✓ answer</span> : null}
        </label>
      ))}
      {revealed ? (
        <div className="lesson-reveal" role="status">
          <p className={choice === null ? 'lesson-verdict' : right ? 'lesson-verdict lesson-verdict-right' : 'lesson-verdict lesson-verdict-wrong'}>
            {choice === null
              ? `The answer: ${predict.choices[predict.answer]}.`
              : right
                ? 'Right!'
                : `Not quite. The answer: ${predict.choices[predict.answer]}.`}
          </p>
          <p>{predict.reveal}</p>
        </div>
      ) : (
        <p className="lesson-wait">
          <button type="button" onClick={reveal}>
            Reveal
          </button>{' '}
          <span>The simulation waits for your answer.</span>
        </p>
      )}
    </fieldset>
  );
}

/** The lesson in progress: where we are, the narration, the prediction, Back and Next / Finish. */
export function LessonPanel() {
  const { lessonId, step: index, busy } = useLessonProgress();
  const lesson = lessonId ? findLesson(lessonId) : undefined;
  const step = lesson?.steps[index];
  if (!lesson || !step) return null;
  const last = index === lesson.steps.length - 1;
  return (
    <section className="lesson-panel" id="lesson" aria-label="Lesson">
      <header className="lesson-head">
        <h2 className="lesson-title">{lesson.title}</h2>
        <p className="lesson-progress">
          Step {index + 1} of {lesson.steps.length}
        </p>
        <button type="button" className="lesson-close" onClick={exitLesson} aria-label="Close lesson">
          ×
        </button>
      </header>
      {index === 0 && <p className="lesson-question">{lesson.question}</p>}
      <h3 className="lesson-step-title">{step.title}</h3>
      <p className="lesson-narration">{step.narration}</p>
      {step.predict ? <Predict key={`${lesson.id}-${index}`} predict={step.predict} name={`lesson-${lesson.id}-${index}`} /> : null}
      {last ? (
        <div className="lesson-try">
          <h3>Try it yourself</h3>
          <ul>
            {lesson.tryIt.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <nav className="lesson-nav" aria-label="Lesson steps">
        <button type="button" onClick={previousStep} disabled={index === 0 || busy} aria-keyshortcuts="B">
          Back
        </button>
        <button type="button" className="primary lesson-next" onClick={() => void nextStep()} disabled={busy} aria-keyshortcuts="N">
          {last ? 'Finish' : 'Next'}
        </button>
      </nav>
    </section>
  );
}
