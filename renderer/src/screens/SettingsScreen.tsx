import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ScreenProps } from './index';
import { SETTINGS_PANELS, SETTINGS_SECTIONS, type SettingsSectionId } from './settings-panels';

const sectionOf = (panel: (typeof SETTINGS_PANELS)[number]): SettingsSectionId => panel.section ?? 'more';
/** Sections that have panels, in order ("More" only when some panel names no section). */
const SECTIONS = SETTINGS_SECTIONS.filter((s) => SETTINGS_PANELS.some((p) => sectionOf(p) === s.id));

/** ↑/↓ (and Home/End) move between the section links, as in a menu; Enter opens one. */
function moveFocusWithArrows(e: KeyboardEvent<HTMLElement>) {
  const links = [...e.currentTarget.querySelectorAll('a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[e.key];
  if (next === undefined || at < 0) return;
  e.preventDefault();
  links[(next + links.length) % links.length]?.focus();
}

/**
 * Settings: sections (Shop, Stations & devices, Sales channels, ...) with their own navigation. The
 * section is part of the address (`#/settings/shipping`), so it can be linked, bookmarked and
 * reloaded; a panel id works too (`#/settings/printers` opens Stations & devices at Printers).
 */
export function SettingsScreen({ params }: ScreenProps) {
  const [requested] = params;
  const panel = SETTINGS_PANELS.find((p) => p.id === requested);
  const section = SECTIONS.find((s) => s.id === requested) ?? SECTIONS.find((s) => panel && s.id === sectionOf(panel)) ?? SECTIONS[0];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // After choosing a section, put the reader at its heading (not on first load: keep the nav focus order).
    if (firstRender.current) firstRender.current = false;
    else headingRef.current?.focus();
    if (panel) document.getElementById(`settings-${panel.id}`)?.scrollIntoView();
  }, [section.id, panel]);

  return (
    <section className="screen settings-screen">
      <h1>Settings</h1>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections" data-testid="settings-nav" onKeyDown={moveFocusWithArrows}>
          {SECTIONS.map((s) => (
            <a
              key={s.id}
              href={`#/settings/${s.id}`}
              className={s.id === section.id ? 'active' : ''}
              aria-current={s.id === section.id ? 'page' : undefined}
              data-testid={`settings-nav-${s.id}`}
            >
              {s.title}
            </a>
          ))}
        </nav>
        <div className="settings-section" aria-labelledby="settings-section-title" data-testid={`settings-section-${section.id}`} role="region">
          <h2 id="settings-section-title" className="settings-section-title" tabIndex={-1} ref={headingRef}>
            {section.title}
          </h2>
          {SETTINGS_PANELS.filter((p) => sectionOf(p) === section.id).map(({ id, component: Panel }) => (
            <div key={id} id={`settings-${id}`} className="settings-panel">
              <Panel />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
