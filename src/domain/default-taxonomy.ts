export interface TaxonomyCategory {
  name: string;
  description: string;
  keywords: string[];
  children?: TaxonomyCategory[];
}

/** The categories every business starts with: what small-business marketing posts are mostly about. */
export const defaultTaxonomy: TaxonomyCategory[] = [
  {
    name: 'Product Launch',
    description: 'Announces a new product, service, menu item, collection or feature that customers can now buy or try.',
    keywords: [
      'launch', 'just launched', 'introducing', 'say hello to', 'meet the new', 'new arrivals', 'just dropped', 'now available',
      'available from', 'out now', 'now live', 'is here', 'finally here', 'back in stock', 'brand new', 'first look', 'sneak peek',
      'coming soon', 'new menu', 'new flavour', 'new collection', 'new service', 'we now offer', "we've added", 'release',
      'pre-order', 'limited edition', 'be the first', 'arrives', 'just landed',
    ],
    children: [
      {
        name: 'New Products & Menu Items',
        description: 'A new product, dish, drink, class type or service added to the range.',
        keywords: ['new menu', 'new flavour', 'new flavor', 'new collection', 'new arrival', 'just dropped', 'limited edition', 'new service', 'added to the menu'],
      },
      {
        name: 'Feature Updates',
        description: 'An improvement or new feature in an existing app, tool, product or service.',
        keywords: ['new feature', 'update', 'now you can', 'release notes', 'improved', 'upgrade', 'version', 'rolled out', 'integration'],
      },
      {
        name: 'Pre-orders & Waitlists',
        description: 'Teasers, countdowns, pre-orders and waitlists ahead of a release.',
        keywords: ['pre-order', 'preorder', 'waitlist', 'coming soon', 'sneak peek', 'first look', 'countdown', 'early access', 'reserve yours'],
      },
    ],
  },
  {
    name: 'Promotions & Offers',
    description: 'A deal that gives customers a reason to buy now: a discount, sale, free gift, contest or reward.',
    keywords: [
      'sale', '% off', 'discount', 'deal', 'special offer', 'promo code', 'use code', 'coupon', 'save', 'half price',
      'buy one get one', 'free delivery', 'free shipping', 'flash sale', 'clearance', 'markdown', 'limited time', 'ends sunday',
      'giveaway', 'win', 'to enter', 'competition', 'loyalty', 'rewards', 'earn points', 'stamp card', 'refer a friend', 'voucher',
      'on the house', 'first month free',
    ],
    children: [
      {
        name: 'Discounts & Sales',
        description: 'Price cuts, codes, flash sales and clearance.',
        keywords: ['sale', '% off', 'discount', 'promo code', 'use code', 'coupon', 'flash sale', 'clearance', 'half price', 'bogo', 'happy hour'],
      },
      {
        name: 'Giveaways & Contests',
        description: 'Competitions where followers enter to win a prize.',
        keywords: ['giveaway', 'win', 'contest', 'enter to win', 'winner', 'prize', 'tag a friend', 'to enter', 'competition', 'raffle'],
      },
      {
        name: 'Loyalty Programs',
        description: 'Rewards, points, memberships and referral perks for returning customers.',
        keywords: ['loyalty', 'rewards', 'points', 'stamp card', 'refer a friend', 'referral', 'members get', 'vip', 'free after'],
      },
    ],
  },
  {
    name: 'Education & How-To',
    description: 'Teaches the audience something useful: tips, tutorials, guides, explainers and answers to common questions.',
    keywords: [
      'tips', 'how to', 'guide', 'step by step', 'tutorial', 'did you know', 'mistakes', 'myth', 'learn', 'explained', 'checklist',
      'hack', 'recipe', 'faq', 'questions we hear', "here's why", "here's how", 'the difference between', 'ways to',
      'what to know', 'advice', 'save this', 'lesson', 'the secret to', 'should you', 'why does', 'instead of', 'make sure',
      'avoid', 'the trick',
    ],
    children: [
      {
        name: 'Tips & Tricks',
        description: 'Quick, practical advice the reader can use right away.',
        keywords: ['tip', 'tips', 'hack', 'quick win', 'ways to', 'pro tip', 'try this', 'save this'],
      },
      {
        name: 'Tutorials & Guides',
        description: 'Step-by-step instructions, recipes and longer guides.',
        keywords: ['how to', 'step by step', 'tutorial', 'guide', 'recipe', 'walkthrough', 'step 1', 'checklist'],
      },
      {
        name: 'FAQs & Myth-Busting',
        description: 'Answers to common questions and corrections of common misconceptions.',
        keywords: ['faq', 'myth', 'did you know', 'question we get', 'you asked', 'the truth about', 'mistake', 'misconception'],
      },
    ],
  },
  {
    name: 'Behind the Scenes',
    description: 'Shows how the business works from the inside: its people, process, workspace and story.',
    keywords: [
      'behind the scenes', 'bts', 'a day in the life', 'meet the team', 'this is', 'our team', 'how we make', 'the making of',
      'in the kitchen', 'in the studio', 'our process', 'handmade', 'by hand', 'prep', 'packing orders', 'our story',
      'how it started', 'founder', 'where the magic happens', 'ever wondered', 'a peek at', 'what goes into', 'from scratch',
      'small batch', 'early start', 'studio life', 'team', 'photoshoot', 'what it looks like', 'a typical day',
    ],
    children: [
      {
        name: 'Meet the Team',
        description: 'Introduces the people who work at the business.',
        keywords: ['meet the team', 'meet our', 'say hi to', 'our team', 'team member', 'staff spotlight', 'crew'],
      },
      {
        name: 'Process & Craft',
        description: 'How products are made, prepared, packed or delivered.',
        keywords: ['how we make', 'the making of', 'our process', 'handmade', 'small batch', 'from scratch', 'packing orders', 'prep'],
      },
      {
        name: 'Our Story',
        description: 'The founding story, values and journey of the business.',
        keywords: ['our story', 'how it started', 'founder', 'why we started', 'years ago', 'journey', 'dream'],
      },
    ],
  },
  {
    name: 'Customer Stories & Testimonials',
    description: 'Puts real customers forward: reviews, testimonials, results, case studies and shared photos.',
    keywords: [
      'review', 'testimonial', 'kind words', 'five stars', '5 stars', 'feedback', 'success story', 'case study',
      'before and after', 'transformation', 'results', 'happy customer', 'spotted', 'in the wild', 'thanks for sharing', 'repost',
      'in their words', 'her words', 'his words', 'message from', 'so proud of', 'congratulations', 'proud of',
      'with permission', 'client spotlight', 'member spotlight', 'wrote', 'told us', 'described',
    ],
    children: [
      {
        name: 'Reviews & Ratings',
        description: 'Quotes from reviews and star ratings.',
        keywords: ['review', 'five stars', '5 stars', 'rated', 'kind words', 'google review', 'testimonial'],
      },
      {
        name: 'Case Studies & Results',
        description: 'A customer problem, what the business did and the measurable result, including before-and-after.',
        keywords: ['case study', 'results', 'before and after', 'transformation', 'success story', 'increased', 'saved', 'lost'],
      },
      {
        name: 'User-Generated Content',
        description: 'Photos, videos and posts made by customers and shared by the business.',
        keywords: ['repost', 'regram', 'spotted', 'tag us', 'your photos', 'shared by', 'shoutout'],
      },
    ],
  },
  {
    name: 'Events',
    description: 'Invites people to something happening at a set time and place, in person or online.',
    keywords: [
      'event', 'join us', 'save the date', 'rsvp', 'tickets', 'register', 'workshop', 'taster session', 'masterclass', 'webinar',
      'going live', 'livestream', 'pop-up', 'market', 'open house', 'open day', 'launch party', 'tasting', 'meetup', 'festival',
      'talk', 'an evening with', 'quiz night', 'doors open', 'see you there', 'this saturday', 'seats left', 'spaces left',
      'grand opening', 'cook-along',
    ],
    children: [
      {
        name: 'Workshops & Classes',
        description: 'Hands-on sessions, courses and classes people sign up for.',
        keywords: ['workshop', 'class', 'masterclass', 'course', 'session', 'spots left', 'sign up', 'beginners welcome'],
      },
      {
        name: 'Pop-ups & Markets',
        description: 'Appearances at markets, fairs, festivals and pop-up shops.',
        keywords: ['pop-up', 'market', 'fair', 'festival', 'booth', 'stall', 'find us at', 'vendor'],
      },
      {
        name: 'Webinars & Live Sessions',
        description: 'Online events: webinars, livestreams and Q&As.',
        keywords: ['webinar', 'live', 'livestream', 'q&a', 'zoom', 'go live', 'register', 'online event'],
      },
    ],
  },
  {
    name: 'Recruitment & Hiring',
    description: 'Looks for people to join the business: job openings, internships and why it is a good place to work.',
    keywords: [
      "we're hiring", 'hiring', 'now hiring', 'join our team', 'join the team', 'job', 'role', 'position', 'vacancy', 'apply',
      'applications', 'cv', 'full-time', 'part-time', 'salary', 'per hour', 'career', 'candidate', 'internship', 'apprenticeship',
      'trainee', 'interview', 'shifts', 'wanted', 'we need a', "we're looking for", 'team is growing', 'experience required',
      'training provided', 'qualified',
    ],
    children: [
      {
        name: 'Job Openings',
        description: 'A specific role the business wants to fill.',
        keywords: ["we're hiring", 'now hiring', 'position', 'vacancy', 'apply', 'full-time', 'part-time', 'salary'],
      },
      {
        name: 'Internships & Apprenticeships',
        description: 'Trainee, student and apprentice positions.',
        keywords: ['internship', 'intern', 'apprenticeship', 'apprentice', 'trainee', 'graduate', 'students'],
      },
      {
        name: 'Culture & Benefits',
        description: 'Why people like working at the business: perks, values, growth and team life.',
        keywords: ['benefits', 'perks', 'culture', 'career growth', 'flexible hours', 'work with us', 'training provided'],
      },
    ],
  },
  {
    name: 'Community & Engagement',
    description: 'Starts a conversation or supports the local community: questions, polls, partnerships, causes and shout-outs.',
    keywords: [
      'comment below', 'comments are open', 'tell us', 'which one', 'this or that', 'poll', 'vote', 'caption this',
      'fill in the blank', 'tag someone', 'community', 'neighbours', 'neighborhood', 'support local', 'shop small', 'shout-out',
      'friends at', 'next door', 'collab', 'charity', 'donate', 'food bank', 'fundraiser', 'volunteer', 'drop a', 'let us know',
      'what do you think', 'share your', 'show us', 'question for',
    ],
    children: [
      {
        name: 'Polls & Questions',
        description: 'Asks followers to vote, answer, comment or share their opinion.',
        keywords: ['comment below', 'tell us', 'which one', 'this or that', 'poll', 'vote', 'caption this', 'let us know', 'drop a'],
      },
      {
        name: 'Local Partnerships',
        description: 'Collaborations with and shout-outs to other local businesses and groups.',
        keywords: ['partner', 'collab', 'collaboration', 'support local', 'shop small', 'neighbours', 'friends at'],
      },
      {
        name: 'Charity & Causes',
        description: 'Fundraisers, donations, volunteering and causes the business supports.',
        keywords: ['charity', 'donate', 'donation', 'fundraiser', 'volunteer', 'raised', 'food bank', 'proceeds'],
      },
    ],
  },
  {
    name: 'Seasonal & Holidays',
    description: 'Ties the business to a season, holiday or occasion: greetings, holiday hours, seasonal ranges and gift ideas.',
    keywords: [
      'christmas', 'holidays', 'festive', 'new year', "valentine's", "mother's day", "father's day", 'easter', 'halloween',
      'spooky season', 'thanksgiving', 'black friday', 'summer', 'autumn', 'winter', 'back to school', "school's back", 'season',
      'seasonal', 'gift guide', 'stocking fillers', 'diwali', 'eid', 'lunar new year', 'merry', 'pumpkin', 'santa', 'presents',
      'gift ideas', 'gifting',
    ],
    children: [
      {
        name: 'Holiday Greetings',
        description: 'Wishes and greetings for a holiday or occasion.',
        keywords: ['merry christmas', 'happy holidays', 'happy new year', 'happy easter', 'wishing you', 'season\'s greetings'],
      },
      {
        name: 'Seasonal Ranges',
        description: 'Products, menus and services that are only around for a season.',
        keywords: ['seasonal', 'summer menu', 'winter menu', 'pumpkin spice', 'limited run', 'this season', 'autumn'],
      },
      {
        name: 'Gift Guides',
        description: 'Gift ideas and gifting services for an occasion.',
        keywords: ['gift guide', 'gift ideas', 'stocking filler', 'stocking stuffer', 'for her', 'for him', 'gift wrapping'],
      },
    ],
  },
  {
    name: 'Company News',
    description: 'Shares news about the business itself: milestones, awards, press, new locations, hours and changes.',
    keywords: [
      'announcement', 'big news', 'news', 'milestone', 'anniversary', 'years ago today', 'years in business', 'award',
      'named best', 'nominated', 'featured in', 'as seen in', "we're moving", 'new location', 'new address', 'relocating',
      'opening hours', 'closed', 'reopen', 'refit', 'renovation', 'expansion', 'second location', 'certified', 'rebrand',
      'new name', 'new look', 'prices', 'from next week', 'ten years',
    ],
    children: [
      {
        name: 'Milestones & Anniversaries',
        description: 'Birthdays of the business, customer counts and other milestones.',
        keywords: ['milestone', 'anniversary', 'birthday', 'years in business', 'years ago today', 'thousand', 'celebrating'],
      },
      {
        name: 'Awards & Press',
        description: 'Awards, nominations, certifications and media coverage.',
        keywords: ['award', 'winner', 'nominated', 'featured in', 'press', 'as seen in', 'certified', 'shortlisted'],
      },
      {
        name: 'Locations & Hours',
        description: 'New or moved premises, reopenings, renovations and changes to opening hours.',
        keywords: ['new location', 'moving', 'relocating', 'new address', 'opening hours', 'closed', 'reopening', 'renovation'],
      },
    ],
  },
];
