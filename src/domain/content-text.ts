/** The content as one text: what is embedded (tagging, semantic search) and what the provider classifies. */
export const contentText = (c: { title: string | null; caption: string; hashtags: string[]; script: string | null }) =>
  [c.title, c.caption, c.hashtags.map((tag) => `#${tag}`).join(' '), c.script].filter(Boolean).join('\n');
