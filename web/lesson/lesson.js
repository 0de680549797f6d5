// A guided lesson (?lesson=<id>&step=<n>): loads web/lessons/<id>.json, shows
// its bar above the view and puts each step's view in the state the step
// gives, through the page's URL state. The page (app.js) says how to show a
// step; this module owns which step is shown.
import { fetchAssetBytes } from '../assets.js';
import { LocalizedError } from '../ui/messages.js';
import { LESSON_ID, parseLesson, stepIndex } from './format.js';
import { mountLessonBar } from './lesson-bar.js';

export async function loadLesson(id, viewIds) {
  if (!LESSON_ID.test(id)) throw new LocalizedError('lesson.badId', { id: id.slice(0, 64) });
  const bytes = await fetchAssetBytes(`lessons/${id}.json`, 'lesson.missing');
  let json;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LocalizedError('lesson.invalid', { id }, error.message);
  }
  try {
    return parseLesson(json, viewIds);
  } catch (error) {
    throw new LocalizedError('lesson.invalid', { id }, error.message);
  }
}

// showStep(step, number) navigates the page; the bar follows ?step= on back/forward.
export function startLesson(root, { lesson, t, rawStep, showStep, exit }) {
  const controller = new AbortController();
  let index = stepIndex(rawStep, lesson.steps.length);
  const bar = mountLessonBar(root, {
    lesson,
    t,
    signal: controller.signal,
    go: (next) => {
      if (next < 0 || next >= lesson.steps.length || next === index) return;
      index = next;
      bar.show(index);
      showStep(lesson.steps[index], index + 1);
    },
    exit: () => {
      controller.abort();
      exit();
    },
  });
  bar.show(index);
  return {
    first: { step: lesson.steps[index], number: index + 1 },
    // After back/forward: the step the URL names now.
    sync(raw) {
      index = stepIndex(raw, lesson.steps.length);
      bar.show(index);
    },
    stop: () => controller.abort(),
  };
}
