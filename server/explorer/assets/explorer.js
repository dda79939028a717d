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
    '# in the Headers tab below.',
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

  ReactDOM.createRoot(el).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers'
    })
  );
})();
