// The audit chain checked here in the browser, on request: fetch the survey's chain and
// recompute every entry's hash as the server does (domain/audit.rs, entry_hash): SHA-256
// over seq, at, actor, action, survey id ("" for none), detail and prev_hash, each as an
// 8-byte big-endian length in bytes followed by its UTF-8 bytes; hex.
(() => {
  const GENESIS = '0'.repeat(64);
  const REASONS = {
    altered: '该条记录的内容与其哈希值不符，已被改动',
    not_linked: '该条记录与上一条不衔接，记录被删除、插入或调换',
    out_of_sequence: '记录编号不连续',
  };
  const encoder = new TextEncoder();

  async function entryHash(e) {
    const fields = [String(e.seq), String(e.at), e.actor, e.action, e.survey_id ?? '', e.detail, e.prev_hash]
      .map((f) => encoder.encode(f));
    const bytes = new Uint8Array(fields.reduce((n, f) => n + 8 + f.length, 0));
    const view = new DataView(bytes.buffer);
    let at = 0;
    for (const f of fields) {
      view.setBigUint64(at, BigInt(f.length));
      bytes.set(f, at + 8);
      at += 8 + f.length;
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** The first break as {seq, reason}, or null when the chain holds. */
  async function firstBreak(chain) {
    let previous = null;
    for (const e of chain) {
      if (e.seq !== (previous ? previous.seq + 1 : 1)) return { seq: e.seq, reason: 'out_of_sequence' };
      if (e.prev_hash !== (previous ? previous.hash : GENESIS)) return { seq: e.seq, reason: 'not_linked' };
      if ((await entryHash(e)) !== e.hash) return { seq: e.seq, reason: 'altered' };
      previous = e;
    }
    return null;
  }

  async function check(button, verdict) {
    button.disabled = true;
    verdict.className = 'notice';
    verdict.textContent = '正在核对……';
    try {
      const response = await fetch(button.dataset.chain, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const chain = await response.json();
      const broken = await firstBreak(chain);
      const head = button.dataset.head;
      if (broken) {
        verdict.className = 'notice warn';
        verdict.textContent = `第 ${broken.seq} 条记录校验失败：${REASONS[broken.reason]}`;
      } else if (chain.length === 0) {
        verdict.className = 'notice ok';
        verdict.textContent = '尚无操作记录';
      } else if (head && !chain.some((e) => `${e.seq}:${e.hash}` === head)) {
        verdict.className = 'notice warn';
        verdict.textContent = '记录链中没有公布时的链头，记录被改动或替换';
      } else {
        verdict.className = 'notice ok';
        verdict.textContent = `记录链完整：${chain.length} 条记录的哈希逐条校验通过`;
      }
    } catch (error) {
      verdict.className = 'notice warn';
      verdict.textContent = `无法取得操作记录（${error.message}），请稍后再试`;
    }
    verdict.dataset.checked = 'true';
    button.disabled = false;
  }

  const button = document.getElementById('audit-check');
  const verdict = document.getElementById('audit-verdict');
  if (button && verdict && window.crypto?.subtle) {
    button.hidden = false;
    button.addEventListener('click', () => check(button, verdict));
  }
})();
