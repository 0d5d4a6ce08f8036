/**
 * Guesses the phone's language from strings WhatsApp itself writes (notices, media placeholders).
 * Every language here except English implies day-first dates; English is reported but says nothing
 * about the date order (en-US vs en-GB/en-IN).
 */
import type { LocaleHint } from './types.js';

const LOCALE_STRINGS = new RegExp(
  [
    // 1 pt
    String.raw`(criptografia de ponta a ponta|<Mídia (?:oculta|omitida)>|\(arquivo anexado\)|Mensagem apagada|apagou esta mensagem|<Mensagem editada>|Você (?:criou|adicionou|removeu|atualizou)|foi adicionad[oa]|(?:imagem|figurinha) ocultada|(?:áudio|vídeo|documento) (?:ocultado|omitido)|<anexado:|Ligação de (?:voz|vídeo)|ENQUETE:|localização: http)`,
    // 2 es
    String.raw`(cifrad[oa]s de extremo a extremo|<Multimedia omitido>|\(archivo adjunto\)|Se eliminó este mensaje|Eliminaste este mensaje|<adjunto:)`,
    // 3 de
    String.raw`(Ende-zu-Ende-verschlüsselt|<Medien ausgeschlossen>|\(Datei angehängt\)|<Anhang:|Diese Nachricht wurde gelöscht)`,
    // 4 it
    String.raw`(crittografia end-to-end|<Media omessi>|\(file allegato\)|<allegato:|Questo messaggio è stato eliminato)`,
    // 5 fr
    String.raw`(chiffrés de bout en bout|<Médias omis>|\(fichier joint\)|Ce message a été supprimé)`,
    // 6 en
    String.raw`(end-to-end encrypted|<Media omitted>|\(file attached\)|This message was deleted|You deleted this message|<attached:|image omitted|Missed (?:voice|video) call)`,
  ].join('|'),
);

const HINTS: readonly LocaleHint[] = ['pt', 'es', 'de', 'it', 'fr', 'en'];

/** Locale implied by a header's author/body part, or null. */
export function localeOf(text: string): LocaleHint | null {
  const m = LOCALE_STRINGS.exec(text);
  if (m === null) return null;
  for (let i = 0; i < HINTS.length; i++) if (m[i + 1] !== undefined) return HINTS[i]!;
  return null;
}

/** Non-English locales write the day before the month. */
export function isDayFirstLocale(hint: LocaleHint | null): boolean {
  return hint !== null && hint !== 'en';
}
