/**
 * Recognises WhatsApp notices (export-formats.md §3) in English and Portuguese. Android writes them
 * without an author; iOS puts the chat name or the actor in the author slot, so bodies must be
 * classified by pattern. Notices are single lines, so only short single-line bodies are tested.
 */

/** Notices specific enough to be recognised from their wording alone. */
const DISTINCTIVE = new RegExp(
  [
    // encryption notices (2016 to 2024+ wordings)
    String.raw`^(?:Messages|Calls|Messages and calls)\b.{0,80}\bend-to-end encrypt`,
    String.raw`^As mensagens\b.{0,80}\bcriptografia de ponta a ponta`,
    String.raw`^Your security code with .+ changed`,
    String.raw`^Seu código de segurança com .+ mudou`,
    String.raw`^(?:You|.+) created (?:group ["“].*["”]|this group)$`,
    String.raw`^(?:Você|.+) criou (?:o grupo ["“].*["”]|este grupo)$`,
    String.raw`joined using (?:this group's|an|the) invite link$`,
    String.raw`entrou usando o link de convite`,
    String.raw`entrou neste grupo através da comunidade`,
    String.raw`added you to a group in the community`,
    String.raw`adicionou você a um grupo (?:da|na) comunidade`,
    String.raw`turned (?:on|off) disappearing messages`,
    String.raw`(?:ativou|desativou|atualizou a duração d)as mensagens temporárias`,
    String.raw`changed (?:the subject|the group name|this group's icon|the group description|this group's settings|the group settings|their phone number)`,
    String.raw`(?:mudou|alterou) (?:o assunto|o nome do grupo|a imagem d[oe]s?t?e? grupo|a descrição do grupo|as configurações do grupo|seu número)`,
    String.raw`^\+[\d \-()\u2011]+ changed to \+`,
    String.raw`^(?:You're now an admin|You are now an admin|Você agora é admin|Agora você é admin)`,
    String.raw`^(?:You blocked|You unblocked|Você bloqueou|Você desbloqueou) (?:this contact|este contato)`,
    String.raw`^(?:You|.+) (?:deleted|removed) this group's icon$`,
    String.raw`^(?:Você|.+) apagou a imagem d[oe]s?t?e? grupo$`,
  ].join('|'),
);

/** Actor notices (`X added Y`, `X saiu`) that a person could also type. */
const ACTOR = new RegExp(
  [
    String.raw`^(?:You|.+) (?:added|removed) .+$`,
    String.raw`^(?:You|.+) left$`,
    String.raw`^(?:You were|.+ (?:was|were)) (?:added|removed)$`,
    String.raw`^(?:You|.+) (?:joined|pinned a message)$`,
    String.raw`^.+ (?:is|are) now (?:an )?admins?$`,
    String.raw`^(?:Você|.+) (?:adicionou|removeu) .+$`,
    String.raw`^(?:Você|.+) saiu$`,
    String.raw`^(?:Você|.+) (?:foi|foram) (?:adicionad|removid)[oa]s?(?:\(a\)|\(as\)|\(os\))?$`,
    String.raw`^(?:Você|.+) (?:entrou|fixou uma mensagem)$`,
    String.raw`^.+ (?:agora é|agora são) admin`,
  ].join('|'),
);

/** Words that betray a notice when a colon-split put part of it in the author slot. */
const NOTICE_VERB =
  /\b(?:added|removed|joined|left|changed|created|adicionou|removeu|entrou|saiu|mudou|alterou|criou)\b/;

/** The notices iOS writes without a leading LRM (the encryption notice opens every chat). */
const UNMARKED = new RegExp(
  [
    String.raw`^(?:Messages|Calls|Messages and calls)\b.{0,80}\bend-to-end encrypt`,
    String.raw`^As mensagens\b.{0,80}\bcriptografia de ponta a ponta`,
    String.raw`^Your security code with .+ changed`,
    String.raw`^Seu código de segurança com .+ mudou`,
  ].join('|'),
);

const MAX_NOTICE_LENGTH = 400;

/**
 * True when an iOS body (invisible marks already removed) is a WhatsApp notice. iOS starts notice
 * bodies with an LRM; only the encryption and security-code notices are trusted without one, which
 * keeps a typed "Bruno added you" a message and spares ordinary messages the long expressions.
 */
export function isSystemBody(body: string, ledByMark: boolean): boolean {
  if (body.length > MAX_NOTICE_LENGTH || body.indexOf('\n') >= 0) return false;
  return ledByMark ? DISTINCTIVE.test(body) || ACTOR.test(body) : UNMARKED.test(body);
}

/** True when an Android "author" candidate is really the start of a notice containing `: `. */
export function looksLikeNoticeAuthor(candidate: string, wholeRest: string): boolean {
  if (wholeRest.length > MAX_NOTICE_LENGTH) return false;
  return NOTICE_VERB.test(candidate) && (DISTINCTIVE.test(wholeRest) || ACTOR.test(wholeRest));
}
