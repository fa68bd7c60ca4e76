/*
 * decidr's GraphiQL page (dev profile). A token bar above GraphiQL: the token pasted there (or fetched from
 * POST /dev/token) is kept in localStorage and sent with every request, as "Authorization: Bearer <token>" over
 * HTTP and in graphql-ws's connection_init payload for subscriptions (browsers cannot set WebSocket headers).
 * Plain script on React's and GraphiQL's browser bundles (globals React, ReactDOM, GraphiQL): no build step.
 */
(function () {
  'use strict';

  var h = React.createElement;
  var TOKEN_KEY = 'decidr.graphiql.token';
  var HTTP_URL = location.origin + '/graphql';
  var WS_URL = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var DEFAULT_QUERY = [
    '# decidr GraphiQL: paste a token in the bar above (or get a dev token there), then run this',
    '# with the play button or Ctrl-Enter. The docs explorer (book icon, left) lists every query.',
    '{',
    '  me {',
    '    user',
    '    tenantId',
    '    roles',
    '  }',
    '}',
    ''
  ].join('\n');

  /** A pasted value without surrounding blanks, quotes or a "Bearer " prefix. */
  function cleanToken(value) {
    return (value || '').trim().replace(/^"|"$/g, '').replace(/^Bearer\s+/i, '').trim();
  }

  /** The token's claims, or null when it is not a readable JWT (the server decides whether it is valid). */
  function claims(token) {
    var parts = token.split('.');
    if (parts.length !== 3) {
      return null;
    }
    try {
      var base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      var json = decodeURIComponent(Array.prototype.map.call(atob(base64), function (c) {
        return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
      }).join(''));
      return JSON.parse(json);
    } catch (notJson) {
      return null;
    }
  }

  function describe(token) {
    if (!token) {
      return { problem: 'No token: paste one here, or get a dev token.' };
    }
    var c = claims(token);
    if (!c) {
      return { problem: 'This does not look like a JWT (header.payload.signature).' };
    }
    var expires = c.exp ? new Date(c.exp * 1000) : null;
    var text = (c.sub || '?') + ' · tenant ' + (c.tenant_id || '?') + ' · roles ' + ((c.roles || []).join(', ') || 'none');
    if (expires && expires.getTime() < Date.now()) {
      return { problem: text + ' · EXPIRED ' + expires.toLocaleString() };
    }
    return { ok: text + (expires ? ' · expires ' + expires.toLocaleTimeString() : '') };
  }

  var UNAUTHORIZED = { errors: [{
    message: '401 Unauthorized: the token is expired or not signed by this server. Paste another one in the bar above.',
    extensions: { code: 'UNAUTHENTICATED' }
  }] };
  var NO_TOKEN = { errors: [{
    message: 'No token yet: paste one in the bar above (or press "Get dev token" there).',
    extensions: { code: 'UNAUTHENTICATED' }
  }] };

  /** A 401 has no body, so GraphiQL would show a JSON parse error: say what happened instead. */
  function fetchExplaining401(url, init) {
    return fetch(url, init).then(function (response) {
      if (response.status !== 401) {
        return response;
      }
      return new Response(JSON.stringify(UNAUTHORIZED), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  }

  function fetcherFor(token) {
    if (!token) {
      // nothing to ask the server without a token but a 401
      return function () { return Promise.resolve(NO_TOKEN); };
    }
    var auth = { Authorization: 'Bearer ' + token };
    // GraphiQL loads the schema with the standard introspection query, which the server exempts from its data limits
    return GraphiQL.createFetcher({
      url: HTTP_URL,
      subscriptionUrl: WS_URL,
      headers: auth,
      wsConnectionParams: auth,
      fetch: fetchExplaining401
    });
  }

  function storedToken() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch (noStorage) {
      return '';
    }
  }

  function storeToken(token) {
    try {
      if (token) {
        localStorage.setItem(TOKEN_KEY, token);
      } else {
        localStorage.removeItem(TOKEN_KEY);
      }
    } catch (noStorage) {
      // private windows may refuse storage: the token then lasts as long as the page
    }
  }

  /** Asks the dev profile's token endpoint for a token. */
  function devToken(user, roles, tenantId) {
    var body = { user: user, roles: roles.split(',').map(function (r) { return r.trim(); }).filter(Boolean) };
    if (tenantId.trim()) {
      body.tenantId = tenantId.trim();
    }
    return fetch('/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          var reason = text;
          try { reason = JSON.parse(text).message || text; } catch (notJson) { /* plain text */ }
          throw new Error('POST /dev/token: ' + response.status + (reason ? ' ' + reason : ''));
        });
      }
      return response.json();
    }).then(function (answer) {
      return answer.token;
    });
  }

  function TokenBar(props) {
    var devUser = React.useState('alice');
    var devRoles = React.useState('platform-admin');
    var devTenant = React.useState('');
    var problem = React.useState('');
    var about = describe(props.applied);

    function getDevToken() {
      problem[1]('');
      devToken(devUser[0], devRoles[0], devTenant[0]).then(props.onToken, function (error) {
        problem[1](error.message);
      });
    }

    return h('div', { className: 'decidr-token-bar' },
      h('label', { htmlFor: 'decidr-token' }, 'Token'),
      h('input', {
        id: 'decidr-token', className: 'decidr-token', type: 'text', spellCheck: false, autoComplete: 'off',
        placeholder: 'Paste a token (POST /dev/token in the dev profile); sent as Authorization: Bearer …',
        value: props.draft,
        onChange: function (event) { props.onDraft(event.target.value); }
      }),
      props.draft ? h('button', { type: 'button', onClick: function () { props.onToken(''); } }, 'Clear') : null,
      h('span', { id: 'decidr-token-status', className: about.ok ? 'decidr-claims' : 'decidr-problem' },
        about.ok || about.problem),
      h('span', { className: 'decidr-dev' },
        h('input', { className: 'decidr-small', 'aria-label': 'dev token user', value: devUser[0],
          onChange: function (event) { devUser[1](event.target.value); } }),
        h('input', { className: 'decidr-small', 'aria-label': 'dev token roles (comma separated)', value: devRoles[0],
          title: 'roles, comma separated: admin, member, operator, platform-admin',
          onChange: function (event) { devRoles[1](event.target.value); } }),
        h('input', { className: 'decidr-tenant', 'aria-label': 'dev token tenant id', value: devTenant[0],
          placeholder: 'tenant id (empty: platform tenant)',
          onChange: function (event) { devTenant[1](event.target.value); } }),
        h('button', { id: 'decidr-dev-token', type: 'button', onClick: getDevToken }, 'Get dev token')),
      problem[0] ? h('span', { className: 'decidr-problem' }, problem[0]) : null);
  }

  function App() {
    var initial = storedToken();
    var draft = React.useState(initial);
    var applied = React.useState(initial);

    // A new fetcher per token: GraphiQL then loads the schema again with it.
    var fetcher = React.useMemo(function () { return fetcherFor(applied[0]); }, [applied[0]]);

    // Typing or pasting: apply once the field rests, so that a half-typed token does not reload the schema.
    React.useEffect(function () {
      var timer = setTimeout(function () {
        var token = cleanToken(draft[0]);
        if (token !== applied[0]) {
          storeToken(token);
          applied[1](token);
        }
      }, 300);
      return function () { clearTimeout(timer); };
    }, [draft[0]]);

    function applyToken(token) {
      var clean = cleanToken(token);
      storeToken(clean);
      draft[1](clean);
      applied[1](clean);
    }

    return h('div', { className: 'decidr-page' },
      h(TokenBar, { draft: draft[0], applied: applied[0], onDraft: draft[1], onToken: applyToken }),
      h(GraphiQL, {
        fetcher: fetcher,
        defaultQuery: DEFAULT_QUERY,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false
      }));
  }

  ReactDOM.createRoot(document.getElementById('decidr-graphiql')).render(h(App));
})();
