/* vernly consent banner. Config: #vernly-consent-config (JSON) or /consent/config.json.
   Esc closes the second layer; on the first layer it does nothing, because closing without
   a choice would leave the visitor's choice undefined (no consent by dismissing). */
(function (w, d, n) {
  'use strict';
  var K = 'vernly_consent', me = d.currentScript, C, S, box, last;
  var lang = /^en/i.test(d.documentElement.lang) ? 'en' : 'nb';
  var sig = n.globalPrivacyControl === true ? 'gpc'
    : n.doNotTrack == '1' || w.doNotTrack == '1' ? 'dnt' : '';
  var dl = w.dataLayer, gt = w.gtag || (dl && function () { dl.push(arguments); });

  function cm(t, c) { // Google Consent Mode v2: denied until chosen
    if (!gt) return;
    var m = c && c.marketing ? 'granted' : 'denied';
    gt('consent', t, { analytics_storage: c && c.statistics ? 'granted' : 'denied',
      ad_storage: m, ad_user_data: m, ad_personalization: m });
  }
  cm('default');
  try { S = JSON.parse(decodeURIComponent(d.cookie.match('(^|; )' + K + '=([^;]*)')[2])); } catch (e) {}

  function fresh() { return S && S.v == C.version && Date.now() - S.t < C.maxAge * 1e3; }
  function opt(f) { var o = {}; C.categories.forEach(function (k) { if (!k.necessary) o[k.id] = f(k); }); return o; }
  function cat(k) { return C.categories.filter(function (c) { return c.id == k; })[0]; }
  function on(k, s) { var c = cat(k); return !!c && (c.necessary || !!S && !!S.c[k] && S.s[s] !== false); }
  function store() {
    d.cookie = K + '=' + encodeURIComponent(JSON.stringify(S)) + ';path=/;max-age=' + C.maxAge +
      ';samesite=lax' + (location.protocol == 'https:' ? ';secure' : '');
  }

  function save(c, m, s) {
    S = { r: S && S.r, v: C.version, c: c, s: s || {}, m: m, t: Date.now() };
    store(); apply();
    fetch(C.api, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ record_id: S.r, decisions: c, services: S.s, method: m,
        language: lang, notice_version: C.version }) })
      .then(function (r) { return r.json(); })
      .then(function (j) { if (j.record_id) { S.r = j.record_id; store(); } }, function () {});
  }

  function wipe(k) { // expire on every path/domain the cookie could have been set with
    var q = function (x) { return x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); };
    var re = RegExp('^(' + q(k.name) + (k.pattern ? '|' + q(k.pattern).replace(/\\\*/g, '.*') : '') + ')$');
    var h = location.hostname.split('.'), ds = [''], ps = ['/', location.pathname.replace(/[^/]*$/, '')];
    for (var i = 0; i < h.length - 1; i++) ds.push(';domain=.' + h.slice(i).join('.'));
    d.cookie.split('; ').forEach(function (p) {
      var nm = p.split('=')[0];
      if (re.test(nm)) ds.forEach(function (x) { ps.forEach(function (y) {
        d.cookie = nm + '=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=' + y + x; }); });
    });
  }

  function apply() {
    d.querySelectorAll('script[type="text/plain"][data-category]').forEach(function (o) {
      if (o.hasAttribute('data-vc') || !on(o.dataset.category, o.dataset.service)) return;
      var s = d.createElement('script');
      [].forEach.call(o.attributes, function (a) { if (a.name != 'type') s.setAttribute(a.name, a.value); });
      s.text = o.text; o.setAttribute('data-vc', 1);
      o.parentNode.insertBefore(s, o.nextSibling);
    });
    C.categories.forEach(function (c) {
      c.cookies.forEach(function (k) { if (!on(c.id, k.service)) wipe(k); });
    });
    cm('update', opt(function (k) { return on(k.id); }));
    w.dispatchEvent(new CustomEvent('vernly:consent', { detail: S }));
  }

  function show(two) {
    var t = C.text, h = '<div class="vc-w"><h2 id="vc-t">' + t.title + '</h2>';
    if (!box) {
      last = d.activeElement;
      box = d.createElement('div');
      box.className = 'vc'; box.tabIndex = -1;
      box.setAttribute('role', 'dialog'); box.setAttribute('aria-modal', 'true');
      box.setAttribute('aria-labelledby', 'vc-t'); box.setAttribute('aria-describedby', 'vc-d');
      box.onkeydown = key; box.onclick = act; box.onchange = sync;
      d.body.appendChild(box);
    }
    if (two) {
      h += '<p id="vc-d">' + (sig ? t[sig] : t.choose) + '</p>';
      C.categories.forEach(function (c) {
        var x = c.necessary || on(c.id), dis = c.necessary ? ' disabled' : '';
        h += '<fieldset><legend><label><input type="checkbox" name="' + c.id + '"' +
          (x ? ' checked' : '') + dis + '> ' + c.name + '</label>' +
          (dis ? ' <small>' + t.always + '</small>' : '') + '</legend><p>' + c.description + '</p>';
        if (c.services.length + c.cookies.length) {
          h += '<details><summary>' + t.details + '</summary>';
          c.services.forEach(function (s) {
            h += '<label><input type="checkbox" data-c="' + c.id + '" name="' + s.id + '"' +
              (c.necessary || on(c.id, s.id) ? ' checked' : '') + dis + '> ' + s.name + '</label>';
          });
          h += '<ul>';
          c.cookies.forEach(function (k) {
            h += '<li><code>' + (k.pattern || k.name) + '</code> ' + k.lifetime + ': ' + k.purpose + '</li>';
          });
          h += '</ul></details>';
        }
        h += '</fieldset>';
      });
    } else {
      h += '<p id="vc-d">' + t.intro + ' <a href="' + C.centre + '">' + t.more + '</a></p>';
    }
    box.innerHTML = h + '<div class="vc-a"><button type="button" data-a="all">' + t.accept +
      '</button><button type="button" data-a="none">' + t.reject + '</button><button type="button" class="vc-s" data-a="' +
      (two ? 'save">' + t.save : 'more">' + t.settings) + '</button></div></div>';
    box.hidden = false; box.l = two;
    box.focus();
  }

  function close() { box.hidden = true; if (last && last.focus) last.focus(); }

  function sync(e) { // a category box drives its services; services drive their category
    var i = e.target, g = box.querySelectorAll('[data-c="' + (i.dataset.c || i.name) + '"]');
    if (i.dataset.c) box.querySelector('[name="' + i.dataset.c + '"]').checked =
      [].some.call(g, function (x) { return x.checked; });
    else g.forEach(function (x) { x.checked = i.checked; });
  }

  function act(e) {
    var a = e.target.dataset && e.target.dataset.a, s = {};
    if (!a) return;
    if (a == 'more') return show(1);
    var c = opt(function (k) {
      if (a != 'save') return a == 'all';
      return box.querySelector('[name="' + k.id + '"]').checked;
    });
    if (a == 'save') box.querySelectorAll('[data-c]').forEach(function (x) {
      if (!x.checked && c[x.dataset.c]) s[x.name] = false;
    });
    save(c, 'banner', s); close();
  }

  function key(e) {
    if (e.key == 'Escape') {
      if (box.l) { if (fresh()) close(); else show(0); }
      return;
    }
    if (e.key != 'Tab') return;
    var f = [].filter.call(box.querySelectorAll('a[href],button,input,summary'),
      function (x) { return !x.disabled && x.offsetParent; });
    var a = f[0], z = f[f.length - 1], at = d.activeElement;
    if (e.shiftKey ? at == a || at == box : at == z) { e.preventDefault(); (e.shiftKey ? z : a).focus(); }
  }

  function init(c) {
    C = c;
    if (fresh()) {
      if (!S.r) save(S.c, S.m, S.s); // the ledger never got this choice: send it again
      else if (sig == 'gpc' && C.categories.some(function (k) { return k.sale && S.c[k.id]; }))
        save(opt(function (k) { return !k.sale && !!S.c[k.id]; }), 'gpc', S.s);
      else apply();
    } else if (sig) save(opt(function () { return false; }), sig);
    else show(0);
    d.addEventListener('click', function (e) {
      var o = e.target.closest && e.target.closest('[data-vernly-consent-open]');
      if (o) { e.preventDefault(); last = o; show(1); }
    });
    w.vernlyConsent = { open: function () { show(1); }, state: function () { return S; } };
  }

  var inline = d.getElementById('vernly-consent-config');
  if (inline) init(JSON.parse(inline.textContent));
  else fetch((me && me.getAttribute('data-config')) ||
    new URL('config.json?lang=' + lang, me ? me.src : location.origin + '/consent/').href).then(function (r) { return r.json(); }).then(init);
})(window, document, navigator);
