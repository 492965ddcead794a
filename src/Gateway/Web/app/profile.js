// Profile: what the network sees of the firm (skills with levels, traits, capacity, city, description).
import { t, word } from './i18n.js';
import { h, show, field, form, heading, card, toast } from './ui.js';
import { api, session } from './api.js';

// "web-development:4, seo:3" <-> [{skill, level}]
function skillsText(capabilities) {
  return (capabilities ?? []).map(c => `${c.skill}:${c.level ?? 1}`).join(', ');
}

function parseSkills(text) {
  return text.split(',').map(s => s.trim().toLowerCase()).filter(Boolean).map(s => {
    const [skill, level] = s.split(':').map(x => x.trim());
    return { skill, level: Math.min(5, Math.max(1, Number(level) || 3)) };
  });
}

export async function profilePage() {
  const firm = await api.get('/v1/' + session.current.firm);
  show(heading(t('profile.title')), card(form([
    h('div', { class: 'row' },
      field(t('op.displayName'), 'displayName', { value: firm.displayName ?? '', required: true }),
      field(t('op.city'), 'city', { value: firm.city ?? '' }),
      field(t('network.capacity'), 'capacity', { kind: 'select', value: firm.capacity ?? 'CAPACITY_AVAILABLE',
        options: ['CAPACITY_AVAILABLE', 'CAPACITY_BUSY', 'CAPACITY_FULL'].map(c => ({ value: c, label: word(c) })) })),
    field(t('profile.skills'), 'skills', { value: skillsText(firm.capabilities), placeholder: 'web-development:4, seo:3' }),
    field(t('profile.traits'), 'traits', { value: (firm.traits ?? []).join(', '), placeholder: 'marketing-minded, relaxed' }),
    field(t('profile.description'), 'description', { kind: 'textarea', value: firm.description ?? '' }),
    field(t('profile.people'), 'people', { kind: 'textarea', placeholder: 'Jari Virtanen, CEO, jari@example.fi, +358 40 123 4567',
      value: (firm.people ?? []).map(p => [p.name, p.role, p.email, p.phone].filter(Boolean).join(', ')).join('\n') }),
  ], t('common.save'), async v => {
    await api.patch('/v1/' + firm.name, {
      displayName: v.displayName, city: v.city, capacity: v.capacity, description: v.description,
      capabilities: parseSkills(v.skills),
      traits: v.traits.split(',').map(s => s.trim().toLowerCase()).filter(Boolean),
      people: v.people.split('\n').map(line => line.split(',').map(x => x.trim())).filter(p => p[0])
        .map(([name, role = '', email = '', phone = '']) => ({ name, role, email, phone })),
    }, { updateMask: 'display_name,city,capacity,description,capabilities,traits,people' });
    toast(t('common.done'));
    await profilePage();
  }, { testid: 'profile' })));
}
