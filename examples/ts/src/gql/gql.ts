/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AgencyByCodeTs($code: String!) {\n    agencies(first: 1, where: { code: $code }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AgencyByCodeTsDocument,
    "\n  query BelowTargetTs($agencyId: ID!, $year: Int!, $first: Int!, $after: Cursor) {\n    complianceReport(agencyId: $agencyId, year: $year) {\n      employees\n      belowTarget\n      employeesBelowTarget(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            nip\n            fullName\n            unit {\n              name\n            }\n            developmentHours(year: $year)\n          }\n        }\n      }\n    }\n  }\n": typeof types.BelowTargetTsDocument,
};
const documents: Documents = {
    "\n  query AgencyByCodeTs($code: String!) {\n    agencies(first: 1, where: { code: $code }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AgencyByCodeTsDocument,
    "\n  query BelowTargetTs($agencyId: ID!, $year: Int!, $first: Int!, $after: Cursor) {\n    complianceReport(agencyId: $agencyId, year: $year) {\n      employees\n      belowTarget\n      employeesBelowTarget(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            nip\n            fullName\n            unit {\n              name\n            }\n            developmentHours(year: $year)\n          }\n        }\n      }\n    }\n  }\n": types.BelowTargetTsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgencyByCodeTs($code: String!) {\n    agencies(first: 1, where: { code: $code }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AgencyByCodeTsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BelowTargetTs($agencyId: ID!, $year: Int!, $first: Int!, $after: Cursor) {\n    complianceReport(agencyId: $agencyId, year: $year) {\n      employees\n      belowTarget\n      employeesBelowTarget(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            nip\n            fullName\n            unit {\n              name\n            }\n            developmentHours(year: $year)\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').BelowTargetTsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
