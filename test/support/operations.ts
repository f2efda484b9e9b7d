import { graphql } from '../generated/gql.ts';

// Typed documents shared by the suites; codegen turns each into a TypedDocumentNode.

export const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on AuthPayload { token user { id email fullName role } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const LogIn = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      __typename
      ... on AuthPayload { token user { id email } }
      ... on Error { code message }
      ... on RateLimitedError { retryAfterSeconds }
    }
  }
`);

export const Me = graphql(`
  query Me {
    me { id email fullName }
  }
`);

export const CreateBusiness = graphql(`
  mutation CreateBusiness($input: CreateBusinessInput!) {
    createBusiness(input: $input) {
      __typename
      ... on Business {
        id name industry description brandVoice plan
        targetAudience { ageRange genderFocus location interests }
        contentPreferences { platforms tone postFrequencyPerWeek }
        owner { id }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateBusiness = graphql(`
  mutation UpdateBusiness($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) {
      __typename
      ... on Business { id name industry description brandVoice targetAudience { interests } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteBusiness = graphql(`
  mutation DeleteBusiness($input: DeleteBusinessInput!) {
    deleteBusiness(input: $input) {
      __typename
      ... on DeletedBusiness { deletedId }
      ... on Error { code message }
    }
  }
`);

export const GetBusiness = graphql(`
  query GetBusiness($id: ID!) {
    business(id: $id) { id name }
  }
`);

export const ListBusinesses = graphql(`
  query ListBusinesses($first: Int, $after: String) {
    businesses(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name } }
    }
  }
`);

export const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on Campaign {
        id name goal status campaignType durationDays startDate endDate targetPlatforms optimalTimes
        allowedTransitions
        contentCalendar { day platform contentType theme }
        business { id }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateCampaign = graphql(`
  mutation UpdateCampaign($input: UpdateCampaignInput!) {
    updateCampaign(input: $input) {
      __typename
      ... on Campaign { id name durationDays actualCost endDate }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const TransitionCampaign = graphql(`
  mutation TransitionCampaign($id: ID!, $to: CampaignStatus!) {
    transitionCampaign(id: $id, to: $to) {
      __typename
      ... on Campaign { id status }
      ... on Error { code message }
      ... on InvalidTransitionError { from to allowed }
    }
  }
`);

export const GetCampaign = graphql(`
  query GetCampaign($id: ID!) {
    campaign(id: $id) { id name status }
  }
`);

export const CreateContent = graphql(`
  mutation CreateContent($input: CreateContentInput!) {
    createContent(input: $input) {
      __typename
      ... on Content {
        id day platform contentType title caption hashtags mentions script status scheduledAt
        media { imageUrl videoUrl thumbnailUrl }
        campaign { id }
        business { id }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateContent = graphql(`
  mutation UpdateContent($input: UpdateContentInput!) {
    updateContent(input: $input) {
      __typename
      ... on Content { id caption hashtags media { imageUrl } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const TransitionContent = graphql(`
  mutation TransitionContent($id: ID!, $to: ContentStatus!, $scheduledAt: DateTime, $postUrl: String, $errorMessage: String) {
    transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt, postUrl: $postUrl, errorMessage: $errorMessage) {
      __typename
      ... on Content { id status scheduledAt publishedAt postUrl errorMessage }
      ... on Error { code message }
      ... on InvalidTransitionError { from to allowed }
    }
  }
`);

export const GetContent = graphql(`
  query GetContent($id: ID!) {
    content(id: $id) {
      id status caption
      latestAnalytics { id metrics { likes engagementRate } }
      analytics(first: 10) { totalCount edges { node { id collectedAt metrics { impressions likes } } } }
    }
  }
`);

export const RecordEngagement = graphql(`
  mutation RecordEngagement($input: RecordEngagementInput!) {
    recordEngagement(input: $input) {
      __typename
      ... on AnalyticsSnapshot {
        id platform collectedAt
        metrics { impressions reach views likes comments shares saves clicks profileVisits websiteClicks engagementRate }
        predictedPerformance { score confidence }
        attribution { directConversions revenueGenerated }
        audienceInsights
        content { id }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ReceiveMessage = graphql(`
  mutation ReceiveMessage($input: ReceiveMessageInput!) {
    receiveMessage(input: $input) {
      __typename
      ... on Message { id platform incomingMessage senderHandle status business { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const BusinessMessages = graphql(`
  query BusinessMessages($id: ID!, $status: MessageStatus) {
    business(id: $id) {
      messages(first: 10, status: $status) { totalCount edges { node { id status incomingMessage } } }
    }
  }
`);

export const NodeById = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Business { name }
      ... on Campaign { name }
      ... on Content { caption }
      ... on AnalyticsSnapshot { collectedAt }
      ... on Message { incomingMessage }
      ... on User { email }
    }
  }
`);

export const Dashboard = graphql(`
  query Dashboard($businesses: Int, $campaigns: Int, $contents: Int) {
    businesses(first: $businesses) {
      totalCount
      edges {
        node {
          id name
          campaigns(first: $campaigns) {
            totalCount
            edges {
              node {
                id name status
                contents(first: $contents) {
                  totalCount
                  edges {
                    node {
                      id caption status
                      latestAnalytics { id collectedAt metrics { impressions likes engagementRate } }
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

export const CategorizeContent = graphql(`
  mutation CategorizeContent($id: ID!) {
    categorizeContent(id: $id) {
      __typename
      ... on Content { id status categorySource categoryConfidence primaryCategory { id name } tags { id name business { id } } }
      ... on Error { code message }
    }
  }
`);

export const BusinessTags = graphql(`
  query BusinessTags($businessId: ID!, $tagType: TagType) {
    tags(businessId: $businessId, tagType: $tagType, first: 100) { totalCount edges { node { id name tagType usageCount business { id } } } }
  }
`);

export const TagSuggestions = graphql(`
  query TagSuggestions($businessId: ID!, $prefix: String!) { tagSuggestions(businessId: $businessId, prefix: $prefix) { id name usageCount } }
`);

export const CategoryUsage = graphql(`
  query CategoryUsage($businessId: ID!) {
    categories { id name usageCount(businessId: $businessId) children { id name usageCount(businessId: $businessId) } }
  }
`);

export const ConnectSocialAccount = graphql(`
  mutation ConnectSocialAccount($input: CreateSocialAccountInput!) {
    connectSocialAccount(input: $input) {
      __typename
      ... on SocialAccount { id platform provider handle status url hasSecret lastError }
      ... on Error { code message }
    }
  }
`);
