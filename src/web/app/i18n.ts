import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
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

export default i18n;
