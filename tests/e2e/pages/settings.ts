import type { Page } from '@playwright/test';

/** Page object for Settings: its section navigation and whether anything overflows sideways. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, section?: string) {
    await this.page.goto(`${baseUrl}/#/settings${section ? `/${section}` : ''}`);
    await this.nav().waitFor();
  }

  nav() {
    return this.page.getByRole('navigation', { name: 'Settings sections' });
  }

  navLink(title: string) {
    return this.nav().getByRole('link', { name: title, exact: true });
  }

  /** The section shown: a region named by its heading. */
  section(title: string) {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  sectionHeading() {
    return this.page.locator('#settings-section-title');
  }

  /** How far the page, the shell's content area, the section or any panel's card sticks out sideways, in px (0 = nothing does). */
  horizontalOverflow() {
    return this.page.evaluate(() => {
      const doc = document.scrollingElement!;
      const content = document.querySelector('main.content')!;
      const section = document.querySelector('.settings-section')!;
      const cards = [...document.querySelectorAll('.settings-panel > .panel')].map((card) => card.scrollWidth - card.clientWidth);
      return {
        page: doc.scrollWidth - window.innerWidth,
        content: content.scrollWidth - content.clientWidth,
        section: section.scrollWidth - section.clientWidth,
        widestCard: Math.max(0, ...cards),
      };
    });
  }
}
