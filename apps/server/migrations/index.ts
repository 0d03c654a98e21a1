import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_change_counters.js';
import * as m0003 from './0003_forms.js';
import * as m0004 from './0004_form_tallies.js';
import * as m0005 from './0005_named_answering.js';
import * as m0006 from './0006_opinions_problems.js';
import * as m0007 from './0007_opinion_terms.js';
import * as m0008 from './0008_rectification.js';
import * as m0009 from './0009_campaigns.js';
import * as m0010 from './0010_programme.js';
import * as m0012 from './0012_ballot_box.js';
import * as m0013 from './0013_verdicts.js';
import * as m0014 from './0014_thumbnails.js';
import * as m0016 from './0016_login_failures.js';
import * as m0017 from './0017_audit_witness.js';

/** Every migration, in order. Listed explicitly so the same list runs from source and from the build. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_change_counters': m0002,
  '0003_forms': m0003,
  '0004_form_tallies': m0004,
  '0005_named_answering': m0005,
  '0006_opinions_problems': m0006,
  '0007_opinion_terms': m0007,
  '0008_rectification': m0008,
  '0009_campaigns': m0009,
  '0010_programme': m0010,
  '0012_ballot_box': m0012,
  '0013_verdicts': m0013,
  '0014_thumbnails': m0014,
  '0016_login_failures': m0016,
  '0017_audit_witness': m0017,
};
