/** Vocabulary for generated account names, people and free-text answers. */

export const nameFirstWords = [
  'Bright', 'Blue', 'North', 'Silver', 'Rapid', 'Clear', 'Summit', 'Granite', 'Harbor', 'Maple',
  'Cedar', 'Atlas', 'Nimbus', 'Vertex', 'Orbit', 'Prairie', 'Coastal', 'Iron', 'Golden', 'Lumen',
  'Pioneer', 'Quantum', 'Redwood', 'Sterling', 'Tidal', 'Union', 'Vista', 'Willow', 'Zenith', 'Aspen',
];
export const nameSecondWords = [
  'River', 'Peak', 'Field', 'Stone', 'Bridge', 'Forge', 'Grove', 'Point', 'Crest', 'Lake',
  'Ridge', 'Path', 'Signal', 'Beacon', 'Harvest', 'Works', 'Labs', 'Loop', 'Wave', 'Spark',
];
export const nameSuffixes = ['Inc', 'LLC', 'Group', 'Systems', 'Partners', 'Co', 'Holdings', 'Technologies', 'Health', 'Analytics'];

/** Regions weighted by repetition: 40 % North America, 30 % EMEA, 20 % APAC, 10 % LATAM. */
export const regions = [
  'North America', 'North America', 'North America', 'North America',
  'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM',
];
export const industries = [
  'Software', 'Financial Services', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Media', 'Logistics',
];
/** Starter accounts share a pooled, digital-led team; larger tiers have named CSMs. */
export const pooledCsms = ['Avery Chen', 'Jordan Patel', 'Sam Okafor', 'Riley Novak'];
export const namedCsms = [
  'Morgan Diaz', 'Taylor Brooks', 'Casey Nguyen', 'Jamie Schmidt', 'Drew Larsen',
  'Quinn Moreau', 'Reese Kowalski', 'Skyler Haddad', 'Emerson Ito', 'Rowan Silva',
];

export const features = ['dashboards', 'reports', 'alerts', 'integrations', 'automation', 'playbooks'];
export const ticketCategories = ['how_to', 'bug', 'billing', 'access', 'feature_request', 'performance'];
export const courses = ['Onboarding 101', 'Admin essentials', 'Health scores', 'Reporting deep dive', 'Automation'];

/** Churn reasons of DESIGN.md §2, drawn from lists weighted by repetition. */
export const churnReasonsWhenUnhealthy = [
  'low_usage', 'low_usage', 'low_usage', 'poor_support', 'poor_support', 'price', 'competitor', 'budget', 'other',
];
export const churnReasonsWhenHealthy = [
  'price', 'price', 'competitor', 'competitor', 'budget', 'budget', 'closed_business', 'closed_business', 'other', 'low_usage',
];

export const promoterReasons = ['Great support team', 'Easy to use', 'Saves us hours every week', 'Reliable and fast'];
export const passiveReasons = ['Good, but pricey', 'Does the job', 'Some reports are missing', 'Setup took a while'];
export const detractorReasons = ['Too expensive', 'Missing features we need', 'Slow support', 'Hard to use', 'Frequent bugs'];
