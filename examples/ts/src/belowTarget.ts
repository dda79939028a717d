// Typed documents for Kembang: the employees of an agency below the annual
// JP target. The graphql(`...`) calls below are read by graphql-codegen
// (npm run codegen), which types each document from the committed schema
// into src/gql/; kembang/tools/examplecheck validates them in Go's CI.
import { graphql } from './gql';
import type { BelowTargetTsQuery, TypedDocumentString } from './gql/graphql';

/** Finds an agency by its short code (KMN, PLJ...). */
export const AgencyByCodeDocument = graphql(`
  query AgencyByCodeTs($code: String!) {
    agencies(first: 1, where: { code: $code }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** One page of an agency's employees below the JP target in a year. */
export const BelowTargetDocument = graphql(`
  query BelowTargetTs($agencyId: ID!, $year: Int!, $first: Int!, $after: Cursor) {
    complianceReport(agencyId: $agencyId, year: $year) {
      employees
      belowTarget
      employeesBelowTarget(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            nip
            fullName
            unit {
              name
            }
            developmentHours(year: $year)
          }
        }
      }
    }
  }
`);

/** A GraphQL error as Kembang sends it. */
export interface KembangError {
  message: string;
  extensions?: { code?: string; field?: string; requestId?: string };
}

/** Sends a typed document to the endpoint and returns its typed data. */
export async function execute<TResult, TVariables>(
  endpoint: string,
  token: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: KembangError[] };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new Error(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
  }
  if (!body.data) {
    throw new Error(`HTTP ${response.status}: no data`);
  }
  return body.data;
}

/** Lists the employees of the agency with the given code below the JP target. */
export async function employeesBelowTarget(
  endpoint: string,
  token: string,
  agencyCode: string,
  year: number,
): Promise<Array<{ nip: string; fullName: string; unit: string | null; jp: number }>> {
  const agencies = await execute(endpoint, token, AgencyByCodeDocument, { code: agencyCode });
  const agency = agencies.agencies.edges?.[0]?.node;
  if (!agency) {
    throw new Error(`no agency ${agencyCode}`);
  }
  const rows: Array<{ nip: string; fullName: string; unit: string | null; jp: number }> = [];
  let after: string | null = null;
  for (;;) {
    const page: BelowTargetTsQuery = await execute(endpoint, token, BelowTargetDocument, {
      agencyId: agency.id,
      year,
      first: 100,
      after,
    });
    const list = page.complianceReport.employeesBelowTarget;
    for (const edge of list.edges ?? []) {
      if (edge?.node) {
        const n = edge.node;
        rows.push({ nip: n.nip, fullName: n.fullName, unit: n.unit?.name ?? null, jp: n.developmentHours });
      }
    }
    if (!list.pageInfo.hasNextPage) {
      return rows;
    }
    after = list.pageInfo.endCursor ?? null;
  }
}
