import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonInScript } from '../../../core/report/escape.js';

describe('escapeHtml', () => {
  it('when text holds markup and quotes then none of it survives as markup', () => {
    expect(escapeHtml(`<b class="x">Tom's & Jerry's</b>`)).toBe('&lt;b class=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/b&gt;');
  });
});

describe('jsonInScript', () => {
  it('when a value holds </script>, <!-- or line separators then the JSON holds none of them and parses back to the same value', () => {
    const value = { text: '</script><!-- a & b \u2028 \u2029 -->' };

    const json = jsonInScript(value);

    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
