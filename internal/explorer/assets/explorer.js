// Kembang explorer: mounts GraphiQL (loaded from this server, no CDN)
// on #graphiql and points it at the element's data-endpoint.
(function () {
  'use strict';

  var el = document.getElementById('graphiql');
  var endpoint = el.getAttribute('data-endpoint') || '/graphql';

  // The introduction comes in the page's language (the server chose it
  // by Accept-Language), one paragraph a line; each is wrapped to fit the
  // editor as # comments.
  function comment(text) {
    var out = [];
    text.split('\n').forEach(function (para) {
      var line = '#';
      if (para === '') {
        out.push(line);
        return;
      }
      para.split(' ').forEach(function (word) {
        if (line.length > 1 && line.length + 1 + word.length > 52) {
          out.push(line);
          line = '#';
        }
        line += ' ' + word;
      });
      out.push(line);
    });
    return out;
  }

  var defaultQuery = comment(el.getAttribute('data-intro') || '').concat([
    '{',
    '  employees(first: 5, orderBy: {field: FULL_NAME}) {',
    '    totalCount',
    '    edges {',
    '      node {',
    '        nip',
    '        fullName',
    '      }',
    '    }',
    '  }',
    '}',
    ''
  ]).join('\n');

  var fetcher = GraphiQL.createFetcher({ url: endpoint });

  function mount(demoHeaders) {
    var props = {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers'
    };
    if (demoHeaders) {
      // The embedded demo hands out a fresh ADMIN token on each load.
      props.headers = JSON.stringify(demoHeaders, null, 2);
    }
    ReactDOM.createRoot(el).render(React.createElement(GraphiQL, props));
  }

  // Only the embedded demo serves demo-headers (404 elsewhere).
  fetch('/explorer/demo-headers', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .catch(function () { return null; })
    .then(mount);
})();
