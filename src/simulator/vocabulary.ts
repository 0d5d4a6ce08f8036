/**
 * pt-BR vocabulary for a small Brazilian service business (refrigeration / maintenance) talking
 * to customers over WhatsApp: quotes (orçamento), service orders (OS), boleto, pix, deliveries.
 * Placeholders: {nome} {os} {valor} {data} {hora} {produto} {endereco} {nf} {empresa}.
 */

// prettier-ignore
export const FIRST_NAMES = [
  'Ana', 'João', 'Maria', 'José', 'Francisca', 'Antônio', 'Adriana', 'Carlos', 'Juliana', 'Paulo',
  'Márcia', 'Lucas', 'Fernanda', 'Rafael', 'Patrícia', 'Luís', 'Aline', 'Marcos', 'Camila', 'Gabriel',
  'Letícia', 'Thiago', 'Débora', 'Rodrigo', 'Sônia', 'André', 'Cláudia', 'Vinícius', 'Luíza', 'Sérgio',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Ferreira', 'Costa', 'Rodrigues', 'Almeida',
  'Nascimento', 'Araújo', 'Gonçalves', 'Ribeiro', 'Carvalho', 'Gomes', 'Martins', 'Rocha', 'Mendes', 'Conceição',
] as const;

/** Customers that are companies; groups are named "<company> X <own short name>". */
// prettier-ignore
export const COMPANIES = [
  'Boi Gaúcho', 'Padaria Pão Quente', 'Mercado São Jorge', 'Restaurante Sabor de Minas', 'Açougue Bom Corte',
  'Supermercado Irmãos Reis', 'Lanchonete Central', 'Hotel Serra Azul', 'Sorveteria Gelato Mineiro',
  'Churrascaria Fogo de Chão', 'Farmácia Vida', 'Clínica Sorriso', 'Distribuidora Alvorada', 'Pizzaria Napoli',
  'Laticínios Vale Verde', 'Frigorífico Triângulo', 'Posto Estrela', 'Escola Pequeno Príncipe',
] as const;

export const OWN_BUSINESSES = [
  { name: 'BMA Refrigeração', short: 'BMA' },
  { name: 'Frio Total Manutenção', short: 'Frio Total' },
  { name: 'TecGelo Assistência', short: 'TecGelo' },
] as const;

/** Area codes (DDD) of the South-East and South, where the simulated business works. */
// prettier-ignore
export const DDDS = ['31', '11', '21', '27', '32', '34', '41', '48', '51', '61', '62', '71'] as const;

// prettier-ignore
export const PRODUCTS = [
  'câmara fria', 'balcão refrigerado', 'freezer horizontal', 'compressor', 'ar-condicionado split 12.000 BTUs',
  'expositor de bebidas', 'máquina de gelo', 'geladeira industrial 4 portas', 'motor do ventilador', 'termostato',
] as const;

// prettier-ignore
export const STREETS = [
  'Rua da Bahia, 1148 - Centro, Belo Horizonte - MG', 'Av. Afonso Pena, 3200 - Funcionários, Belo Horizonte - MG',
  'Rua Padre Eustáquio, 455 - Carlos Prates, Belo Horizonte - MG', 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP',
  'Rua XV de Novembro, 700 - Centro, Curitiba - PR', 'Av. Amazonas, 5001 - Gameleira, Belo Horizonte - MG',
] as const;

export type Role = 'c' | 'b';
export interface ScriptLine {
  role: Role;
  text: string;
}

const c = (text: string): ScriptLine => ({ role: 'c', text });
const b = (text: string): ScriptLine => ({ role: 'b', text });

/** Short conversations; the generator strings them together and swaps some lines for media. */
export const SCRIPTS: readonly (readonly ScriptLine[])[] = [
  [
    c('Bom dia! Gostaria de um orçamento para manutenção da {produto}.'),
    b('Bom dia, {nome}! Claro. Pode mandar uma foto da etiqueta do equipamento?'),
    c('Mando sim, um minuto.'),
    b('Obrigado! O orçamento fica em {valor}, com peças e mão de obra. Podemos agendar para {data}?'),
    c('Pode ser, de manhã é melhor.'),
    b('Combinado, técnico chega às {hora}. Abri a OS {os} para o senhor acompanhar.'),
  ],
  [
    c('Boa tarde, o técnico da OS {os} já está a caminho?'),
    b('Boa tarde! Sim, ele saiu agora e chega em uns 40 minutos.'),
    c('Ótimo, obrigado 🙏'),
  ],
  [
    c('Vocês podem mandar o boleto da OS {os}? Não chegou no e-mail.'),
    b('Claro! Segue o boleto com vencimento em {data}, no valor de {valor}.'),
    c('Recebi, obrigada. Posso pagar no pix?'),
    b('Pode sim! Chave pix: CNPJ 12.345.678/0001-90. Depois manda o comprovante, por favor.'),
    c('Pronto, paguei. Segue o comprovante.'),
    b('Pagamento confirmado, muito obrigado! A NF {nf} segue em anexo.'),
  ],
  [
    c('Bom dia, a {produto} parou de gelar de novo 😟'),
    b('Bom dia, {nome}. Ainda está na garantia da OS {os}. Vou pedir para o técnico passar hoje.'),
    c('Por favor, estamos com mercadoria dentro.'),
    b('Entendido, é prioridade. Ele chega até as {hora}.'),
  ],
  [
    c('Oi, qual o prazo de entrega do {produto}?'),
    b('Olá! O prazo é de 5 dias úteis. A entrega fica para {data}.'),
    c('Entrega no endereço de sempre? {endereco}'),
    b('Isso mesmo. Vou confirmar com a transportadora e te aviso.'),
    b('Entrega confirmada para {data} no período da tarde.'),
  ],
  [
    b('Bom dia, {nome}! Passando para lembrar da manutenção preventiva marcada para {data}.'),
    c('Bom dia! Está confirmado, pode vir.'),
    b('Perfeito, até lá!'),
  ],
  [
    c('Boa noite, vocês atendem sábado?'),
    b('Boa noite! Atendemos sábado até meio-dia, com taxa de plantão de {valor}.'),
    c('Entendi, vou ver aqui e retorno.'),
  ],
  [
    c('O orçamento da OS {os} foi aprovado pela diretoria. Podem fazer.'),
    b('Ótima notícia! Vamos separar as peças e agendamos para {data} às {hora}.'),
    c('Combinado 👍'),
    b('Serviço concluído. O relatório técnico da OS {os} segue em anexo.'),
    c('Muito obrigado, ficou ótimo!'),
  ],
];

// prettier-ignore
export const CAPTIONS = {
  image: ['Foto da etiqueta', 'Olha como está o evaporador', 'Comprovante do pix', 'Vazamento aqui embaixo', ''],
  video: ['Barulho no compressor', 'Vídeo do painel piscando', ''],
  document: ['Segue o orçamento', 'Boleto', 'Relatório técnico', ''],
} as const;

// prettier-ignore
export const DOCUMENT_NAMES = [
  'Orçamento OS {os}.pdf', 'Boleto {mes} - {empresa}.pdf', 'NF-e {nf}.pdf', 'Relatório técnico OS {os}.pdf',
  'Contrato de manutenção {empresa}.docx', 'Planilha de peças.xlsx',
] as const;

export const AUDIO_NAMES = ['Áudio explicando o defeito.mp3', 'gravação da ligação.mp3'] as const;
export const MONTHS = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto'] as const;
export const REACTIONS = ['👍', '❤️', '🙏', '😂', '😮', '✅'] as const;
export const EDIT_SUFFIXES = [' (corrigido)', ', desculpe o erro', '.'] as const;

// prettier-ignore
export const POLLS = [
  { name: 'Qual o melhor horário para a visita técnica?', options: ['Manhã (8h-12h)', 'Tarde (13h-17h)', 'Sábado'] },
  { name: 'Como prefere pagar a OS {os}?', options: ['Boleto', 'Pix', 'Cartão'] },
] as const;

// prettier-ignore
export const LINKS = [
  { text: 'Segue o link do boleto: https://boleto.exemplo.com.br/2v/{os}', title: 'Boleto OS {os}' },
  { text: 'Acompanhe a entrega aqui: https://rastreio.exemplo.com.br/BR{nf}', title: 'Rastreamento' },
  { text: 'Nosso catálogo: https://bmarefrigeracao.com.br/catalogo', title: 'Catálogo de peças' },
] as const;

export const TECHNICIANS = ['Wellington (técnico)', 'Rogério Frio', 'Edson Manutenção'] as const;
