/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgencyByCodeTsQueryVariables = Exact<{
  code: string;
}>;


export type AgencyByCodeTsQuery = { agencies: { edges: Array<{ node: { id: string, name: string } | null } | null> | null } };

export type BelowTargetTsQueryVariables = Exact<{
  agencyId: string | number;
  year: number;
  first: number;
  after?: string | null | undefined;
}>;


export type BelowTargetTsQuery = { complianceReport: { employees: number, belowTarget: number, employeesBelowTarget: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { nip: string, fullName: string, developmentHours: number, unit: { name: string } | null } | null } | null> | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const AgencyByCodeTsDocument = new TypedDocumentString(`
    query AgencyByCodeTs($code: String!) {
  agencies(first: 1, where: {code: $code}) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgencyByCodeTsQuery, AgencyByCodeTsQueryVariables>;
export const BelowTargetTsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<BelowTargetTsQuery, BelowTargetTsQueryVariables>;