// The hosted web-to-lead page: plain server-rendered HTML that works in any site's iframe,
// with one small script (no inline code, so the page keeps a strict CSP) that posts the
// answers as JSON and shows the server's message beside the field at fault.
import type { LeadFormField, Locale } from '@kehu/shared';
import { translate, type MessageKey } from '../../platform/i18n/index.js';

type Label = Record<string, string | undefined>;
type PublicForm = {
  id: string;
  title: Label;
  fields: { field: LeadFormField; required: boolean; label: Label }[];
  consentText: Label | null;
  token: string;
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function pick(label: Label | null, locale: Locale): string {
  if (!label) return '';
  return label[locale] || label['zh-CN'] || Object.values(label).find(Boolean) || '';
}

/** The input each field needs, so phones get a phone keypad and emails an email one. */
const inputKinds: Partial<Record<LeadFormField, { type: string; autocomplete: string }>> = {
  personName: { type: 'text', autocomplete: 'name' },
  companyName: { type: 'text', autocomplete: 'organization' },
  title: { type: 'text', autocomplete: 'organization-title' },
  mobile: { type: 'tel', autocomplete: 'tel' },
  phone: { type: 'tel', autocomplete: 'tel' },
  email: { type: 'email', autocomplete: 'email' },
  province: { type: 'text', autocomplete: 'address-level1' },
  city: { type: 'text', autocomplete: 'address-level2' },
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f1f1f;background:#f5f7fa}
main{max-width:560px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 20px}
label{display:block;font-weight:500;margin:0 0 4px}
.req{color:#cf1322;margin-left:2px}
.field{margin-bottom:16px}
input,textarea{width:100%;padding:8px 10px;font:inherit;border:1px solid #d9d9d9;border-radius:6px;background:#fff}
input:focus,textarea:focus{outline:2px solid #91caff;border-color:#1677ff}
textarea{min-height:96px;resize:vertical}
.invalid input,.invalid textarea{border-color:#cf1322}
.error{color:#cf1322;font-size:13px;margin-top:4px}
.consent{display:flex;gap:8px;align-items:flex-start;font-weight:400}
.consent input{width:auto;margin-top:5px}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{width:100%;padding:10px;font:inherit;font-weight:500;color:#fff;background:#1677ff;border:0;border-radius:6px;cursor:pointer}
button[disabled]{opacity:.6;cursor:default}
.notice{padding:12px;border-radius:6px;margin-bottom:16px}
.notice.fail{background:#fff1f0;color:#a8071a}
.done{text-align:center;padding:32px 8px;font-size:17px}
.embed body,.embed main{background:transparent}
.embed main{padding:0}
`;

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>${body}</main>
<script src="/forms/form.js" defer></script>
</body>
</html>`;
}

/** The page for one form, or a "no longer available" page when it is missing or switched off. */
export function hostedFormPage(locale: Locale, form: PublicForm | null): string {
  const t = (key: MessageKey) => escapeHtml(translate(locale, key));
  if (!form) return page(locale, translate(locale, 'leadForm.unavailable'), `<div class="card done">${t('leadForm.unavailable')}</div>`);
  const title = pick(form.title, locale);
  const fields = form.fields.map(({ field, required, label }) => {
    const id = `f-${field}`;
    const kind = inputKinds[field] ?? { type: 'text', autocomplete: 'off' };
    const attrs = `id="${id}" name="${field}"${required ? ' required aria-required="true"' : ''} aria-describedby="${id}-error"`;
    const control = field === 'needs'
      ? `<textarea ${attrs} maxlength="2000"></textarea>`
      : `<input ${attrs} type="${kind.type}" autocomplete="${kind.autocomplete}" maxlength="200">`;
    return `<div class="field" data-field="values.${field}">
<label for="${id}">${escapeHtml(pick(label, locale))}${required ? '<span class="req" aria-hidden="true">*</span>' : ''}</label>
${control}
<div class="error" id="${id}-error" role="alert" hidden></div>
</div>`;
  }).join('\n');
  const consent = form.consentText
    ? `<div class="field" data-field="consent">
<label class="consent"><input type="checkbox" name="consent" id="f-consent" aria-describedby="f-consent-error"><span>${escapeHtml(pick(form.consentText, locale))}</span></label>
<div class="error" id="f-consent-error" role="alert" hidden></div>
</div>`
    : '';
  // The trap field is out of sight and out of the tab order; a person leaves it empty.
  const trap = `<div class="trap" aria-hidden="true"><label for="f-website">Website</label><input id="f-website" name="website" tabindex="-1" autocomplete="off"></div>`;
  const form_ = `<form class="card" id="lead-form" novalidate
 data-action="/api/v1/public/lead-forms/${form.id}/submissions"
 data-token="${escapeHtml(form.token)}" data-locale="${locale}"
 data-sending="${t('leadForm.sending')}" data-failed="${t('leadForm.failed')}" data-rate-limited="${t('errors.rate_limited')}">
<h1>${escapeHtml(title)}</h1>
<div class="notice fail" id="form-error" role="alert" hidden></div>
${fields}
${consent}
${trap}
<button type="submit">${t('leadForm.submit')}</button>
</form>`;
  return page(locale, title, form_);
}

/**
 * The page's behaviour, served as /forms/form.js. Written as plain ES2017 so it runs in the
 * browsers visitors actually use, including the ones inside WeChat.
 */
export const hostedFormScript = `(function () {
  'use strict';
  if (window.self !== window.top || /[?&]embed=1/.test(location.search)) document.documentElement.className = 'embed';
  var form = document.getElementById('lead-form');
  if (!form) return;
  var button = form.querySelector('button[type=submit]');
  var banner = document.getElementById('form-error');
  function clearErrors() {
    banner.hidden = true;
    var boxes = form.querySelectorAll('[data-field]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].classList.remove('invalid');
      var note = boxes[i].querySelector('.error');
      note.hidden = true;
      note.textContent = '';
      var input = boxes[i].querySelector('input,textarea');
      if (input) input.removeAttribute('aria-invalid');
    }
  }
  function showError(path, message) {
    var box = form.querySelector('[data-field="' + path + '"]');
    if (!box) { banner.textContent = message; banner.hidden = false; return false; }
    box.classList.add('invalid');
    var note = box.querySelector('.error');
    note.textContent = message;
    note.hidden = false;
    var input = box.querySelector('input,textarea');
    if (input) input.setAttribute('aria-invalid', 'true');
    return input;
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var values = {};
    var inputs = form.querySelectorAll('[data-field^="values."] input, [data-field^="values."] textarea');
    for (var i = 0; i < inputs.length; i++) if (inputs[i].value.trim()) values[inputs[i].name] = inputs[i].value.trim();
    var consent = form.querySelector('input[name=consent]');
    var body = {
      values: values,
      token: form.getAttribute('data-token'),
      website: form.querySelector('input[name=website]').value,
      locale: form.getAttribute('data-locale')
    };
    if (consent) body.consent = consent.checked;
    var label = button.textContent;
    button.disabled = true;
    button.textContent = form.getAttribute('data-sending');
    fetch(form.getAttribute('data-action'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': form.getAttribute('data-locale') },
      body: JSON.stringify(body),
      credentials: 'omit'
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data }; });
    }).then(function (result) {
      if (result.status === 200) {
        var done = document.createElement('div');
        done.className = 'card done';
        done.setAttribute('role', 'status');
        done.textContent = result.data.message;
        form.parentNode.replaceChild(done, form);
        return;
      }
      var first = null;
      var errors = (result.data && result.data.errors) || [];
      for (var i = 0; i < errors.length; i++) {
        var input = showError(errors[i].path, errors[i].message);
        if (!first && input) first = input;
      }
      if (!errors.length) {
        banner.textContent = result.status === 429 ? form.getAttribute('data-rate-limited') : (result.data.title || form.getAttribute('data-failed'));
        banner.hidden = false;
      }
      if (first) first.focus();
    }).catch(function () {
      banner.textContent = form.getAttribute('data-failed');
      banner.hidden = false;
    }).then(function () {
      button.disabled = false;
      button.textContent = label;
    });
  });
})();
`;
