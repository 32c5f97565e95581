import { format, resolveConfig } from 'prettier';

/** Formats Markdown the way `prettier --check .` wants it (aligned tables), with the repo's config. */
export async function formatMarkdown(
  markdown: string,
  path: string,
): Promise<string> {
  const config = (await resolveConfig(path)) ?? {};
  return format(markdown, { ...config, parser: 'markdown' });
}
