
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0011_index_liste'),
        ('partenaires', '0006_generation_sessions'),
        ('procedure', '0006_cle_delai_recours'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='menage',
            name='date_dernier_acte',
            field=models.DateField(editable=False, null=True, verbose_name='date du dernier acte'),
        ),
        migrations.AddField(
            model_name='menage',
            name='dette',
            field=models.DecimalField(decimal_places=2, editable=False, max_digits=12, null=True, verbose_name='dette'),
        ),
        migrations.AddField(
            model_name='menage',
            name='echeance_depassee',
            field=models.BooleanField(default=False, editable=False, verbose_name='échéance dépassée'),
        ),
        migrations.AddField(
            model_name='menage',
            name='motif',
            field=models.CharField(choices=[('impayes', 'Impayés de loyer ou de charges'), ('conge_vente', 'Congé pour vente'), ('conge_reprise', 'Congé pour reprise'), ('troubles', 'Troubles de jouissance ou de voisinage'), ('defaut_assurance', 'Défaut d’assurance'), ('osdnt', 'Occupation sans droit ni titre'), ('autre', 'Autre motif')], editable=False, max_length=20, null=True, verbose_name='motif'),
        ),
        migrations.AddField(
            model_name='menage',
            name='nom_reference',
            field=models.CharField(editable=False, max_length=100, null=True, verbose_name='nom de référence'),
        ),
        migrations.AddField(
            model_name='menage',
            name='numero_rg',
            field=models.CharField(editable=False, max_length=40, null=True, verbose_name='numéro RG'),
        ),
        migrations.AddField(
            model_name='menage',
            name='parc',
            field=models.CharField(choices=[('social', 'Parc social'), ('prive', 'Parc privé')], editable=False, max_length=10, null=True, verbose_name='parc'),
        ),
        migrations.AddField(
            model_name='menage',
            name='prenom_reference',
            field=models.CharField(editable=False, max_length=100, null=True, verbose_name='prénom de référence'),
        ),
        migrations.AddField(
            model_name='menage',
            name='procedure_en_cours',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='procedure.procedure', verbose_name='procédure en cours'),
        ),
        migrations.AddField(
            model_name='menage',
            name='prochaine_echeance',
            field=models.DateField(editable=False, null=True, verbose_name='prochaine échéance'),
        ),
        migrations.AddField(
            model_name='menage',
            name='prochaine_echeance_libelle',
            field=models.CharField(editable=False, max_length=200, null=True, verbose_name='nature de la prochaine échéance'),
        ),
        migrations.AddField(
            model_name='menage',
            name='stade',
            field=models.CharField(choices=[('prevention', 'Prévention (avant commandement)'), ('cdp', 'Commandement de payer'), ('assignation', 'Assignation'), ('jugement', 'Jugement'), ('cql', 'Commandement de quitter les lieux'), ('cfp_requis', 'Concours de la force publique demandé'), ('cfp_refuse', 'Concours de la force publique refusé'), ('cfp_accorde', 'Concours de la force publique accordé'), ('expulsion', 'Expulsion réalisée'), ('depart', 'Départ volontaire'), ('protocole', 'Protocole de cohésion sociale signé')], default='prevention', editable=False, max_length=20, verbose_name='stade'),
        ),
        # Existing households get their summary before the indexes are built (faster than
        # after). Same SQL as `dossiers.resume` at the time of writing, frozen here.
        migrations.RunSQL(
            """
            WITH cible AS (
                SELECT m.id FROM dossiers_menage m WHERE TRUE
            ), courante AS (
                SELECT DISTINCT ON (mp.menage_id) mp.menage_id, p.id AS procedure_id,
                       p.prochaine_echeance, p.prochaine_echeance_libelle, p.motif, p.parc, p.numero_rg
                  FROM dossiers_menageprocedure mp
                  JOIN procedure_procedure p ON p.id = mp.procedure_id
                 WHERE mp.menage_id IN (SELECT id FROM cible)
                 ORDER BY mp.menage_id, p.cree_le DESC, p.id DESC
            ), calcul AS (
                SELECT c.id,
                       cp.procedure_id,
                       COALESCE(
                           (SELECT (CASE WHEN a.type = 'jugement' AND a.issue_jugement = 'radiation_renvoi' THEN 'assignation' ELSE (CASE a.type WHEN 'cdp' THEN 'cdp' WHEN 'assignation' THEN 'assignation' WHEN 'jugement' THEN 'jugement' WHEN 'defaut_echeancier' THEN 'jugement' WHEN 'cql' THEN 'cql' WHEN 'requisition_cfp' THEN 'cfp_requis' WHEN 'refus_cfp' THEN 'cfp_refuse' WHEN 'octroi_cfp' THEN 'cfp_accorde' WHEN 'expulsion' THEN 'expulsion' WHEN 'depart_volontaire' THEN 'depart' WHEN 'pcs_signe' THEN 'protocole' END) END) FROM procedure_acteprocedure a
                             WHERE a.procedure_id = cp.procedure_id AND a.type IN ('cdp', 'assignation', 'jugement', 'defaut_echeancier', 'cql', 'requisition_cfp', 'refus_cfp', 'octroi_cfp', 'expulsion', 'depart_volontaire', 'pcs_signe')
                             ORDER BY a.date DESC, (CASE a.type WHEN 'cdp' THEN 1 WHEN 'assignation' THEN 2 WHEN 'jugement' THEN 3 WHEN 'defaut_echeancier' THEN 4 WHEN 'cql' THEN 5 WHEN 'requisition_cfp' THEN 6 WHEN 'refus_cfp' THEN 7 WHEN 'octroi_cfp' THEN 8 WHEN 'expulsion' THEN 9 WHEN 'depart_volontaire' THEN 9 WHEN 'pcs_signe' THEN 9 ELSE 0 END) DESC, a.id DESC LIMIT 1),
                           'prevention') AS stade,
                       cp.prochaine_echeance,
                       cp.prochaine_echeance_libelle,
                       COALESCE(cp.prochaine_echeance < CURRENT_DATE, FALSE) AS echeance_depassee,
                       cp.motif, cp.parc, cp.numero_rg,
                       (SELECT d.montant FROM procedure_etatdette d WHERE d.procedure_id = cp.procedure_id
                         ORDER BY d.date DESC, d.id DESC LIMIT 1) AS dette,
                       (SELECT MAX(a.date) FROM procedure_acteprocedure a
                         WHERE a.procedure_id = cp.procedure_id) AS date_dernier_acte,
                       mm.nom, mm.prenom
                  FROM cible c
                  LEFT JOIN courante cp ON cp.menage_id = c.id
                  LEFT JOIN LATERAL (
                      SELECT x.nom, x.prenom FROM dossiers_membremenage x
                       WHERE x.menage_id = c.id ORDER BY x.id LIMIT 1
                  ) mm ON TRUE
            )
            UPDATE dossiers_menage AS t SET
                procedure_en_cours_id = calcul.procedure_id,
                stade = calcul.stade,
                prochaine_echeance = calcul.prochaine_echeance,
                prochaine_echeance_libelle = calcul.prochaine_echeance_libelle,
                echeance_depassee = calcul.echeance_depassee,
                motif = calcul.motif,
                parc = calcul.parc,
                numero_rg = calcul.numero_rg,
                dette = calcul.dette,
                date_dernier_acte = calcul.date_dernier_acte,
                nom_reference = calcul.nom,
                prenom_reference = calcul.prenom
            FROM calcul
            WHERE t.id = calcul.id AND (
                t.procedure_en_cours_id, t.stade, t.prochaine_echeance, t.prochaine_echeance_libelle,
                t.echeance_depassee, t.motif, t.parc, t.numero_rg, t.dette, t.date_dernier_acte,
                t.nom_reference, t.prenom_reference
            ) IS DISTINCT FROM (
                calcul.procedure_id, calcul.stade, calcul.prochaine_echeance,
                calcul.prochaine_echeance_libelle, calcul.echeance_depassee, calcul.motif, calcul.parc,
                calcul.numero_rg, calcul.dette, calcul.date_dernier_acte, calcul.nom, calcul.prenom
            )
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'prochaine_echeance', '-cree_le'], include=('id',), name='menage_dep_echeance_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'stade', 'prochaine_echeance', '-cree_le'], include=('id',), name='menage_dep_stade_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'motif', 'parc', 'prochaine_echeance', '-cree_le'], include=('id',), name='menage_dep_motif_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'nom_reference'], include=('id',), name='menage_dep_nom_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'dette'], include=('id',), name='menage_dep_dette_actifs'),
        ),
    ]
