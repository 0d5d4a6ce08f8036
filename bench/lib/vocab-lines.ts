/**
 * Message lines of pt-BR customer service over WhatsApp, in rough frequency order (the generator
 * draws them with Zipf weights, so the first ones are the most common). Placeholders:
 * {nome} {os} {valor} {data} {hora} {dia} {produto} ({a_produto} {A_produto} {da_produto} {um_produto}
 * with the article) {peca} {endereco} {cidade} {nf} {empresa}
 * {tecnico} {qtd} {tel} {cep} {emoji} {frag}.
 */

// prettier-ignore
export const SHORT = [
  'Ok', 'Obrigado!', 'Bom dia', 'Boa tarde', 'Obrigada', 'Certo', 'Blz', 'Ok, obrigado', 'Sim', 'Combinado',
  'Perfeito', 'Beleza', '{emoji}', 'Bom dia!', 'Tá bom', 'Pode ser', 'Show', 'Valeu', 'Boa noite', 'Entendi',
  'Oi', 'Olá', 'Isso', 'Ok 👍', 'Muito obrigado!', 'Não', 'Tudo bem', 'Por favor', 'Aguardo', 'Recebido',
  'Pode mandar', 'Vou verificar', 'Já já', 'Um momento', 'De nada', 'Disponha', 'Opa', 'Fechado', 'Top', 'kkkk',
  'Amém', 'Bom dia, tudo bem?', 'Boa tarde, tudo bem?', 'Ótimo', 'Maravilha', 'Confirmado', 'Anotado', 'Sim senhor',
] as const;

// prettier-ignore
export const CUSTOMER = [
  'Bom dia! Gostaria de um orçamento para manutenção {da_produto}.',
  'O técnico da OS {os} já está a caminho?',
  'Vocês podem mandar o boleto da OS {os}? Não chegou no e-mail.',
  'Posso pagar no pix?',
  'Segue o comprovante do pix.',
  '{a_produto} parou de gelar de novo.',
  'Qual o valor do orçamento?',
  'Quando vocês conseguem vir?',
  'Pode ser amanhã de manhã?',
  'Preciso da nota fiscal da OS {os} para o financeiro.',
  'O técnico pode vir {dia} às {hora}?',
  'Bom dia, {nome}. {A_produto} está fazendo um barulho estranho.',
  'Ainda não recebi a nota fiscal.',
  'Qual o prazo de entrega da peça?',
  'Vocês atendem em {cidade}?',
  'O endereço é {endereco}, {cidade}.',
  'O boleto venceu ontem, consegue gerar outro?',
  'A temperatura {da_produto} está em {qtd} graus, está certo isso?',
  'Preciso remarcar a visita de {dia}.',
  'Vocês trabalham com contrato de manutenção preventiva?',
  'Pode mandar o orçamento por aqui mesmo.',
  'Fiz o pix de {valor} agora.',
  'A peça que vocês trocaram ({peca}) já deu problema.',
  'Tem garantia esse serviço?',
  '{a_produto} está pingando água.',
  'Consegue parcelar em {qtd} vezes?',
  'Meu CNPJ mudou, precisa atualizar o cadastro.',
  'Estou sem energia na loja, o técnico pode vir depois das {hora}?',
  'Quanto fica a instalação de {um_produto}?',
  'O rapaz esteve aqui mas não resolveu.',
  'Vou falar com o gerente e te retorno.',
  'Pode agendar a reunião para {dia}?',
  'A entrega vai ser hoje ainda?',
  'O gelo está acumulando no fundo {da_produto}.',
  'Vocês fazem desentupimento do dreno?',
  'Preciso de uma visita urgente, a câmara fria está perdendo temperatura.',
  'Manda a chave pix por favor.',
  'O valor ficou acima do combinado.',
  'Obrigado pelo atendimento, {nome}!',
  'Recebi o orçamento, vou analisar e te aviso.',
  'Aprovado o orçamento da OS {os}.',
  'A nota veio com o CNPJ errado.',
  'Vocês vendem {peca}?',
  'O {tecnico} pode voltar aqui {dia}?',
  'Quem vai assinar o contrato é o {nome}.',
  'Estou mandando a foto da etiqueta.',
  'O disjuntor está desarmando quando liga {a_produto}.',
  'Pode emitir a nota no nome da {empresa}?',
  'Qual o horário de funcionamento de vocês no sábado?',
  'Desculpa a demora, estava em reunião.',
  'Tem como mandar o boleto com vencimento para o dia {data}?',
  'Não consegui abrir o PDF.',
  'Por favor confirmar o recebimento do pagamento.',
  'O compressor está desligando sozinho.',
  'Estamos com a inauguração marcada para {data}, precisa estar tudo pronto.',
  'A porta {da_produto} não está vedando.',
  'O CEP é {cep}.',
  'Meu telefone para contato é {tel}.',
  '{frag}',
  '{frag} {frag}',
] as const;

// prettier-ignore
export const BUSINESS = [
  'Bom dia, {nome}! Em que posso ajudar?',
  'Segue o orçamento da OS {os}: {valor}, com peças e mão de obra.',
  'Abri a OS {os} para o seu atendimento.',
  'O técnico {tecnico} chega por volta das {hora}.',
  'Segue o boleto com vencimento em {data}, no valor de {valor}.',
  'Pagamento confirmado, obrigado!',
  'Chave pix: CNPJ 12.345.678/0001-90 (BMA Refrigeração Ltda).',
  'A nota fiscal {nf} foi enviada para o seu e-mail.',
  'Podemos agendar a visita para {dia} às {hora}?',
  'O serviço tem garantia de 90 dias.',
  'Chega amanhã: {peca}, já reservado para a OS {os}.',
  'O orçamento tem validade de 15 dias.',
  'Conseguimos encaixar um horário hoje à tarde.',
  'Bom dia! O técnico já está a caminho.',
  'Serviço finalizado. {A_produto} está operando em {qtd} graus.',
  'Vou verificar com o setor financeiro e te retorno.',
  'Nosso horário é de segunda a sexta, das 8h às 18h, e sábado até 12h.',
  'Pode enviar uma foto da etiqueta do equipamento, por favor?',
  'A entrega está prevista para {data}.',
  'Emitimos a nota fiscal {nf} no valor de {valor}.',
  'Parcelamos em até {qtd} vezes no boleto.',
  'Atendemos {cidade} sim, com taxa de deslocamento de {valor}.',
  'Reunião confirmada para {dia} às {hora}.',
  'O contrato de manutenção preventiva fica {valor} por mês, com visitas mensais.',
  'Identificamos vazamento de gás no evaporador; precisa trocar {peca}.',
  'O boleto atualizado segue em anexo.',
  'Obrigado pela preferência, {nome}!',
  'O técnico informou que {a_produto} precisa de limpeza do condensador.',
  'Remarcado para {dia}, {hora}.',
  'Estamos sem {peca} em estoque, previsão de chegada {data}.',
  'Favor confirmar o endereço: {endereco}, {cidade}.',
  'Segue o relatório técnico da OS {os}.',
  'O pedido foi aprovado e a entrega será amanhã.',
  'Bom dia! Passando para lembrar do boleto que vence {dia}.',
  'Não identificamos o pagamento ainda, pode mandar o comprovante?',
  'Instalação {da_produto} concluída, qualquer coisa estamos à disposição.',
  'Mandei o orçamento revisado com desconto: {valor}.',
  'Boa tarde, {nome}! Tudo certo com {a_produto}?',
  'A OS {os} foi encerrada.',
  'Precisamos de alguém no local para liberar o acesso às {hora}.',
  'A visita técnica custa {valor}, abatido se aprovar o serviço.',
  'Obrigado, {nome}. Qualquer dúvida é só chamar.',
  '{frag}',
  '{frag} {frag}',
] as const;

/** Staff of a customer company and the business team coordinating in a group. */
// prettier-ignore
export const GROUP = [
  'Pessoal, {a_produto} da cozinha parou.',
  '{tecnico} está indo aí agora.',
  'Quem pode receber o técnico amanhã?',
  'Alguém sabe se pagaram o boleto da OS {os}?',
  'Já foi pago, o comprovante está lá em cima.',
  'A nota fiscal {nf} está no e-mail do financeiro.',
  'Bom dia a todos!',
  'Reunião com a BMA {dia} às {hora}.',
  'Segue a lista dos equipamentos para a preventiva.',
  'O termômetro da câmara marcou {qtd} graus hoje cedo.',
  '@{nome} consegue ver isso?',
  'Valor aprovado pela diretoria: {valor}.',
  'Entrega {da_produto} confirmada para {data}.',
  'Obrigado pessoal!',
  'Vou adicionar o pessoal do financeiro aqui no grupo.',
  'Técnico chegou.',
  'Serviço concluído na unidade {cidade}.',
  'Favor não desligar {a_produto} até o técnico chegar.',
  '{frag}',
  '{frag} {frag}',
] as const;

/** Short real phrases glued together for free-form messages (the long tail of the vocabulary). */
// prettier-ignore
export const FRAGMENTS = [
  'a gente vai ver', 'não consegui falar com ele', 'lá na loja', 'o pessoal da cozinha', 'depois do almoço',
  'amanhã cedo', 'ainda hoje', 'semana que vem', 'vou confirmar com o dono', 'tá funcionando normal',
  'deu problema de novo', 'ficou muito caro', 'precisa trocar', 'o rapaz falou', 'na próxima visita',
  'pode deixar', 'já estou chegando', 'o trânsito está parado', 'choveu muito aqui', 'acabou a luz',
  'estou no banco', 'vou passar no escritório', 'o gerente aprovou', 'falta assinar', 'mandei no e-mail',
  'olha o áudio', 'não está gelando', 'a porta não fecha', 'o motor esquentou', 'caiu o disjuntor',
  'está tudo certo', 'me liga quando puder', 'estou dirigindo', 'te mando mais tarde', 'sem previsão',
  'o fornecedor atrasou', 'a peça veio errada', 'fizemos o teste', 'está com ruído', 'a conta de luz subiu',
  'precisamos conversar', 'qual a previsão', 'urgente por favor', 'o cliente reclamou', 'perdemos mercadoria',
  'a fiscalização da vigilância sanitária vem', 'o alvará vence', 'temos evento no sábado', 'a câmara está a menos dezoito',
  'troca do gás', 'limpeza do filtro', 'manutenção preventiva', 'manutenção corretiva', 'contrato anual',
  'desconto à vista', 'transferência bancária', 'depósito identificado', 'segunda via', 'juros e multa',
  'nota de serviço', 'recibo assinado', 'planilha atualizada', 'ordem de compra', 'pedido número {nf}',
  'cotação de preço', 'três orçamentos', 'o mais barato', 'qualidade do serviço', 'atendimento excelente',
  'demorou demais', 'não atende o telefone', 'caixa postal', 'mensagem de voz', 'vou mandar a localização',
  'portão azul', 'entrada pelos fundos', 'falar com o porteiro', 'estacionamento do cliente', 'doca de carga',
  'horário de almoço', 'fim do expediente', 'feriado prolongado', 'Carnaval', 'Natal', 'Dia das Mães',
  'Black Friday', 'Copa do Mundo', 'férias coletivas', 'inventário do estoque', 'auditoria interna',
  'equipamento novo', 'equipamento usado', 'modelo antigo', 'marca Gelopar', 'marca Metalfrio', 'marca Elgin',
  'marca Springer', 'marca Consul', 'marca Fricon', 'marca Danfoss', 'marca Embraco', 'tensão 220V', 'tensão 127V',
  'estabilizador queimado', 'aterramento', 'disjuntor de 40 amperes', 'fiação derretida', 'cheiro de queimado',
  'gelo na serpentina', 'água no piso', 'borracha ressecada', 'dobradiça quebrada', 'vidro trincado',
  'lâmpada queimada', 'display apagado', 'alarme tocando', 'erro E1 no painel', 'termostato desregulado',
  'conforme combinado', 'segue em anexo', 'fico no aguardo', 'att', 'grato', 'abraço', 'tmj', 'vlw', 'obg',
  'desculpa o transtorno', 'sem problema', 'com certeza', 'fica tranquilo', 'qualquer coisa me avisa',
  'o quanto antes', 'assim que possível', 'sem falta', 'até mais', 'bom fim de semana', 'boa semana',
  'Deus abençoe', 'saúde', 'parabéns pelo aniversário', 'feliz ano novo', 'boas festas', 'mandioca frita',
  'picanha', 'pão de queijo', 'café coado', 'sorvete de açaí', 'chope gelado', 'linguiça artesanal',
  'frango congelado', 'polpa de fruta', 'queijo minas', 'doce de leite', 'carne moída', 'peixe fresco',
  'hortaliças', 'iogurte', 'vacinas da farmácia', 'medicamentos termolábeis', 'amostras do laboratório',
  'higienização', 'higienizar o dreno', 'ozônio', 'bactericida', 'PMOC', 'ART assinada',
  'laudo técnico', 'engenheiro responsável', 'vistoria do bombeiro', 'AVCB', 'licitação', 'pregão eletrônico',
  'empenho', 'nota de empenho', 'prefeitura', 'secretaria de saúde', 'escola municipal', 'posto de saúde',
] as const;

// prettier-ignore
export const SYSTEM_GROUP = [
  '{nome} adicionou {nome2}', '{nome} saiu', 'Você adicionou {nome}', '{nome} removeu {nome2}',
  '{nome} mudou a descrição do grupo', '{nome} mudou a imagem deste grupo', 'Você agora é um administrador',
  '{nome} entrou usando o link de convite deste grupo', '{nome} mudou o nome do grupo para "{grupo}"',
] as const;

// prettier-ignore
export const SYSTEM_PRIVATE = [
  'As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.',
  'Este chat é com uma conta comercial.',
  'Mensagens temporárias foram desativadas.',
  'O código de segurança de {nome} mudou.',
  'Ligação de voz perdida',
] as const;

// prettier-ignore
export const DOCUMENTS = [
  'Orçamento OS {os}.pdf', 'Boleto BMA {mes}{ano}.pdf', 'NF-e {nf}.pdf', 'Comprovante pix.pdf',
  'Relatório técnico OS {os}.pdf', 'Contrato manutenção preventiva {ano}.pdf', 'PMOC {empresa} {ano}.pdf',
  'Planilha equipamentos.xlsx', 'Ordem de compra {nf}.pdf', 'Laudo técnico câmara fria.pdf', 'Catálogo Gelopar.pdf',
  'comprovante_{nf}.pdf', 'Cotação {produto}.pdf', 'Manual {produto}.pdf', 'ART {ano}.pdf', 'Recibo {nf}.pdf',
] as const;

// prettier-ignore
export const CAPTIONS = [
  'Foto da etiqueta', 'Olha como está', 'Segue foto', 'Comprovante', 'Antes e depois', 'Etiqueta do compressor',
  'Vazamento aqui', 'Serviço finalizado', 'Termômetro agora', 'Peça trocada', 'Nota fiscal', 'Boleto',
  'Placa queimada', 'Gelo acumulado', 'Local da instalação', '{frag}',
] as const;
