/** The course map lists every lesson folder, in order, with topics in both languages. */
import t from 'tap';
import { COURSE } from '../../../src/lab/course-map.js';
import { listLessonIds, LESSON_DIR } from '../../../src/lab/loader.js';

t.test('every lesson folder is on the map, in the same order', async (t) => {
  const mapped = COURSE.map((e) => e.id);
  const folders = listLessonIds();
  t.same(mapped.filter((id) => folders.includes(id)), folders, 'folders appear in map order');
  t.same(folders.filter((id) => !mapped.includes(id)), [], 'no folder is missing from the map');
  t.same([...mapped].sort(), mapped, 'the map is in lesson order');
  t.equal(new Set(mapped).size, mapped.length, 'ids are unique');
});

t.test('each entry is a lesson id with text in both languages', async (t) => {
  for (const entry of COURSE) {
    t.match(entry.id, LESSON_DIR, entry.id);
    for (const field of [entry.title, entry.topics, entry.docker]) {
      t.ok(field.en.trim() && field['zh-CN'].trim(), `${entry.id}: en and zh-CN`);
    }
  }
});
