// An independent recomputation of published figures from the published data file: written
// from the method the public page states, sharing no code with the server.

const FIVE = { '5': 5, '4': 4, '3': 3, '2': 2, '1': 1 };

/** The rated items of a definition: {id, dimension, read(answers) → point id or undefined}. */
function items(survey) {
  const out = [];
  for (const section of survey.sections) {
    for (const q of section.questions) {
      if (q.kind === 'scale' && q.scale === 'satisfaction5') {
        out.push({ id: q.id, dimension: q.dimension, read: (a) => a[q.id] });
      } else if (q.kind === 'matrix' && q.scale === 'satisfaction5') {
        for (const row of q.rows) {
          out.push({ id: `${q.id}.${row.id}`, dimension: q.dimension, read: (a) => a[q.id]?.[row.id] });
        }
      }
    }
  }
  return out;
}

/** Index 0–100 and 满意率 (0–1) of one item over the records; 不了解 left out. */
export function itemFigures(records, item) {
  let n = 0, sum = 0, top = 0;
  for (const r of records) {
    const point = item.read(r.answers);
    if (point === undefined || !(point in FIVE)) continue;
    n += 1;
    sum += FIVE[point];
    if (point === '5' || point === '4') top += 1;
  }
  return { n, index: n ? ((sum / n - 1) / 4) * 100 : NaN, satisfaction: n ? top / n : NaN };
}

/** The survey index with equal weights: the mean over dimensions of the mean item index. */
export function surveyIndex(data) {
  const byDimension = new Map();
  for (const item of items(data.survey)) {
    if (!item.dimension) continue;
    const f = itemFigures(data.records, item);
    if (!f.n) continue;
    if (!byDimension.has(item.dimension)) byDimension.set(item.dimension, []);
    byDimension.get(item.dimension).push(f.index);
  }
  const dims = [...byDimension.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
  return { index: dims.reduce((a, b) => a + b, 0) / dims.length, dimensions: Object.fromEntries([...byDimension.keys()].map((k, i) => [k, dims[i]])) };
}

/** Responses per answer to a profile question. */
export function groupSizes(data, question) {
  const sizes = {};
  for (const r of data.records) {
    const v = r.answers[question];
    if (v !== undefined) sizes[v] = (sizes[v] ?? 0) + 1;
  }
  return sizes;
}

export { items };
