import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addFormats } from '../../core/words/words.ts';
import { en, zh } from './strings.ts';

export const LANGUAGE_KEY = 'huajie.lang';

void i18n.use(initReactI18next).init({
  resources: {
    zh: { translation: zh },
    en: { translation: en },
  },
  lng: localStorage.getItem(LANGUAGE_KEY) ?? 'zh',
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});
// the formats of the server's words (Beijing time, durations): the same here as there
addFormats(i18n);

export default i18n;
