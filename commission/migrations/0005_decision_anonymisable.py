"""A notified decision stays frozen, but its motives may be erased by the anonymisation at
the end of the intermediate archive (docs/conservation.md): only inside a transaction that
set `ccapex.anonymisation` to `on` (`dossiers.services.conservation.anonymiser`)."""

from django.db import migrations

FIGER = """
CREATE OR REPLACE FUNCTION commission_decision_figee() RETURNS trigger AS $$
DECLARE
  anonymisation boolean := coalesce(current_setting('ccapex.anonymisation', true), '') = 'on';
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.notifiee_le IS NOT NULL THEN
      RAISE EXCEPTION 'Une décision notifiée ne se supprime pas.' USING ERRCODE = '23514';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.notifiee_le IS NOT NULL AND (
    NEW.type_id, NEW.saisine_id, NEW.seance_id, NEW.procedure_ecrite, NEW.base_legale,
    CASE WHEN anonymisation THEN OLD.motifs ELSE NEW.motifs END,
    NEW.destinataire_organisation_id, NEW.date_effet, NEW.date_fin, NEW.remplace_id,
    NEW.prise_le, NEW.prise_par_id, NEW.notifiee_le
  ) IS DISTINCT FROM (
    OLD.type_id, OLD.saisine_id, OLD.seance_id, OLD.procedure_ecrite, OLD.base_legale, OLD.motifs,
    OLD.destinataire_organisation_id, OLD.date_effet, OLD.date_fin, OLD.remplace_id,
    OLD.prise_le, OLD.prise_par_id, OLD.notifiee_le
  ) THEN
    RAISE EXCEPTION 'Une décision notifiée ne se modifie pas : elle est remplacée par une nouvelle décision.'
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("commission", "0004_decisions_signalements")]

    operations = [migrations.RunSQL(FIGER, migrations.RunSQL.noop)]
