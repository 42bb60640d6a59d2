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

t.test('tslab lessons map prints every lesson, ready or planned, in the asked language', async (t) => {
  const { tslab, isolatedEnv } = await import('../../helpers/tslab.js');
  const en = await tslab(isolatedEnv('coursemap'), ['lessons', 'map']);
  t.equal(en.exitCode, 0, en.stderr);
  for (const entry of COURSE) t.match(en.stdout, new RegExp(`^${entry.id} +(ready|planned) +\\S`, 'm'), entry.id);
  t.match(en.stdout, /^10-pid1-lifecycle +ready/m);
  const zh = await tslab(isolatedEnv('coursemap'), ['lessons', 'map', '--lang', 'zh-CN']);
  t.match(zh.stdout, /参考文章主题：/);
  t.match(zh.stdout, /^10-pid1-lifecycle +可学 +PID 1 与容器的生命周期$/m);
});
