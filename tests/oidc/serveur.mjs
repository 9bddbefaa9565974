// A real OpenID Connect provider (oidc-provider) standing in for ProConnect in the tests:
// loopback only, started and stopped by tests/partenaires/test_proconnect.py.
// Its login form takes any e-mail with MOT_DE_PASSE; a correct code in the second field
// makes it a two-factor sign-in, asserted with ProConnect's acr and amr values.
import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const PORT = Number(process.env.PORT || 0);
const HOTE = '127.0.0.1';
const MOT_DE_PASSE = 'mot-de-passe-proconnect';
const CODE_MFA = '246810';
const ACR_MFA = 'https://proconnect.gouv.fr/assurance/consistency-checked-2fa';
const ACR_SIMPLE = 'eidas1';

// The e-mail typed at sign-in, by account id (the pseudonymous `sub`).
const comptes = new Map();

const echapper = (texte) => String(texte).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(titre, corps, statut, res) {
  res.writeHead(statut, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${echapper(titre)}</title></head><body>${corps}</body></html>`);
}

function formulaire(uid, erreur = '') {
  return `<h1>ProConnect (fournisseur de test)</h1>
<p>${echapper(erreur)}</p>
<form method="post" action="/interaction/${uid}/login">
  <label for="email">Adresse électronique</label><input id="email" name="email" type="email">
  <label for="mot_de_passe">Mot de passe</label><input id="mot_de_passe" name="mot_de_passe" type="password">
  <label for="code">Code de double authentification (facultatif)</label><input id="code" name="code">
  <button type="submit">Se connecter</button>
</form>`;
}

async function lireFormulaire(req) {
  let corps = '';
  for await (const morceau of req) corps += morceau;
  return new URLSearchParams(corps);
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const cle = { ...privateKey.export({ format: 'jwk' }), kid: 'cle-de-test', use: 'sig', alg: 'RS256' };

const provider = new Provider(`http://${HOTE}:${PORT}`, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      // ProConnect answers the userinfo endpoint with a signed JWT.
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [cle] },
  cookies: { keys: ['cle-des-cookies-de-test'] },
  claims: {
    amr: null,
    openid: ['sub'],
    email: ['email', 'email_verified'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    siret: ['siret'],
  },
  acrValues: [ACR_SIMPLE, ACR_MFA],
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const email = comptes.get(id);
    if (!email) return undefined;
    return {
      accountId: id,
      async claims() {
        // An address starting with « non-verifiee » is one the provider did not check.
        const verifiee = !email.toLowerCase().startsWith('non-verifiee');
        return {
          sub: id, email, email_verified: verifiee, given_name: 'Camille', usual_name: 'Agent', siret: '13002526500013',
        };
      },
    };
  },
  // The agent's consent is ProConnect's business: grant the scopes asked, no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<h1>Erreur</h1><pre>${echapper(JSON.stringify(out))}</pre>`;
  },
});

const rappel = provider.callback();

const serveur = http.createServer(async (req, res) => {
  const chemin = new URL(req.url, `http://${HOTE}`).pathname;
  const interaction = chemin.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!interaction) return rappel(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') return page('Connexion', formulaire(details.uid), 200, res);
    const champs = await lireFormulaire(req);
    const email = (champs.get('email') || '').trim();
    if (!email || champs.get('mot_de_passe') !== MOT_DE_PASSE) {
      return page('Connexion', formulaire(details.uid, 'Identifiants incorrects.'), 401, res);
    }
    const mfa = champs.get('code') === CODE_MFA;
    const accountId = `pc-${crypto.createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
    comptes.set(accountId, email);
    const login = mfa
      ? { accountId, acr: ACR_MFA, amr: ['pwd', 'totp', 'mfa'] }
      : { accountId, acr: ACR_SIMPLE, amr: ['pwd'] };
    return await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  } catch (erreur) {
    return page('Erreur', `<pre>${echapper(erreur.message)}</pre>`, 400, res);
  }
});

serveur.listen(PORT, HOTE, () => {
  process.stdout.write(`PRET http://${HOTE}:${serveur.address().port}\n`);
});
process.on('SIGTERM', () => serveur.close(() => process.exit(0)));
