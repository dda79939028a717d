// Kembang explorer: mounts GraphiQL (loaded from this server, no CDN)
// on #graphiql and points it at the element's data-endpoint.
(function () {
  'use strict';

  var el = document.getElementById('graphiql');
  var endpoint = el.getAttribute('data-endpoint') || '/graphql';

  var defaultQuery = [
    '# Kembang: the GraphQL API for the competency',
    '# development of Indonesian civil servants.',
    '#',
    '# Run: the play button, or Ctrl-Enter.',
    '# Token: write {"Authorization": "Bearer ..."}',
    '# in the Headers tab below (kembang token --role ...',
    '# mints one; the embedded demo signs you in as ADMIN).',
    '# Schema: the Docs icon, or /schema.graphql.',
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
  ].join('\n');

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
