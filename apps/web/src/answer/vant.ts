/**
 * The Vant components the phone pages use, each with its own stylesheets, imported one by one.
 * Not Vant's `style/index` entries: they pull in the icon font (28 KB gzipped, a data: font that
 * the server's Content-Security-Policy would refuse anyway); the few marks needed are drawn in CSS.
 */
import 'vant/es/style/base.css';
import 'vant/es/loading/index.css';
import 'vant/es/button/index.css';
import 'vant/es/progress/index.css';
import 'vant/es/checkbox/index.css';
import 'vant/es/radio-group/index.css';
import 'vant/es/radio/index.css';
import 'vant/es/checkbox-group/index.css';
import 'vant/es/cell/index.css';
import 'vant/es/field/index.css';

export { Button, Checkbox, CheckboxGroup, Field, Progress, Radio, RadioGroup } from 'vant';
