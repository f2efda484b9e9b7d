import { graphql } from './generated/gql.ts';

// The operations this client sends. Codegen turns each into a typed document and lists it,
// by the SHA-256 of its text, in generated/persisted-documents.json.

export const SignUp = graphql(`
  mutation ExampleSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on AuthPayload { token user { id email fullName } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const LogIn = graphql(`
  mutation ExampleLogIn($input: LogInInput!) {
    logIn(input: $input) {
      __typename
      ... on AuthPayload { token user { id email fullName } }
      ... on Error { code message }
      ... on RateLimitedError { retryAfterSeconds }
    }
  }
`);

export const Dashboard = graphql(`
  query ExampleDashboard {
    businesses(first: 5) {
      totalCount
      edges {
        node {
          id
          name
          campaigns(first: 5) {
            edges {
              node {
                id
                name
                status
                contents(first: 10) {
                  edges {
                    node {
                      id
                      title
                      platform
                      status
                      allowedTransitions
                      latestAnalytics { collectedAt metrics { impressions likes comments engagementRate } }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const CreateBusiness = graphql(`
  mutation ExampleCreateBusiness($input: CreateBusinessInput!) {
    createBusiness(input: $input) {
      __typename
      ... on Business { id name }
      ... on Error { code message }
    }
  }
`);

export const CreateCampaign = graphql(`
  mutation ExampleCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on Campaign { id name status }
      ... on Error { code message }
    }
  }
`);

export const CreateContent = graphql(`
  mutation ExampleCreateContent($input: CreateContentInput!) {
    createContent(input: $input) {
      __typename
      ... on Content { id title status }
      ... on Error { code message }
    }
  }
`);

export const TransitionContent = graphql(`
  mutation ExampleTransitionContent($id: ID!, $to: ContentStatus!) {
    transitionContent(id: $id, to: $to) {
      __typename
      ... on Content { id status }
      ... on Error { code message }
      ... on InvalidTransitionError { from to allowed }
    }
  }
`);

export const ContentStatusChanged = graphql(`
  subscription ExampleContentStatusChanged($businessId: ID!) {
    contentStatusChanged(businessId: $businessId) {
      eventId
      previousStatus
      status
      changedAt
      actor { id email }
      content { id title status campaign { id name } }
    }
  }
`);
