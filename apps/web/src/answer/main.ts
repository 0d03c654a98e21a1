import { createApp } from 'vue';
import './vant';
import './styles.css';
import App from './App.vue';
import { lang } from './i18n';

// The residents' pages: their own entry (answer.html), kept apart from the staff app's bundle.
document.documentElement.lang = lang.value;
createApp(App).mount('#app');
