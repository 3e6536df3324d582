import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enAll, zhAll } from '../i18n.dict.ts';

export const LANGUAGE_KEY = 'huajie.lang';

void i18n.use(initReactI18next).init({
  resources: {
    zh: { translation: zhAll },
    en: { translation: enAll },
  },
  lng: localStorage.getItem(LANGUAGE_KEY) ?? 'zh',
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

export default i18n;
