/**
 * Names, places and things of a small Brazilian refrigeration and maintenance business (BMA
 * Refrigeração, Belo Horizonte) and its customers. Lists are roughly in frequency order: the
 * generator draws from them with Zipf weights.
 */

// prettier-ignore
export const FIRST_NAMES = [
  'Ana', 'João', 'Maria', 'José', 'Carlos', 'Juliana', 'Paulo', 'Fernanda', 'Lucas', 'Márcia', 'Rafael', 'Patrícia',
  'Luís', 'Aline', 'Marcos', 'Camila', 'Gabriel', 'Letícia', 'Thiago', 'Débora', 'Rodrigo', 'Sônia', 'André',
  'Cláudia', 'Vinícius', 'Luíza', 'Sérgio', 'Francisca', 'Antônio', 'Adriana', 'Bruno', 'Beatriz', 'Eduardo',
  'Larissa', 'Felipe', 'Vanessa', 'Gustavo', 'Tatiane', 'Leandro', 'Priscila', 'Renato', 'Simone', 'Fábio',
  'Cristiane', 'Diego', 'Érica', 'Márcio', 'Rosângela', 'Wellington', 'Jéssica', 'Robson', 'Kátia', 'Anderson',
  'Regina', 'Júlio', 'Viviane', 'Cássio', 'Gislene', 'Otávio', 'Elaine', 'Raimundo', 'Conceição', 'Geraldo',
  'Lúcia', 'Sebastião', 'Terezinha', 'Wagner', 'Rosa', 'Alessandro', 'Natália', 'Joaquim', 'Ivone', 'Heitor',
  'Valéria', 'Caio', 'Mônica', 'Murilo', 'Sueli', 'Otaviano', 'Iara',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Ferreira', 'Costa', 'Rodrigues', 'Almeida',
  'Nascimento', 'Araújo', 'Gonçalves', 'Ribeiro', 'Carvalho', 'Gomes', 'Martins', 'Rocha', 'Mendes', 'Conceição',
  'Barbosa', 'Cardoso', 'Teixeira', 'Moreira', 'Cavalcanti', 'Dias', 'Castro', 'Campos', 'Fonseca', 'Magalhães',
  'Assunção', 'Brandão', 'Guimarães', 'Figueiredo', 'Queiroz', 'Loureiro', 'Drummond', 'Vieira', 'Macedo', 'Peixoto',
] as const;

/** Customers that are companies; their groups are named "<company> X BMA". */
// prettier-ignore
export const COMPANIES = [
  'Boi Gaúcho', 'Padaria Pão Quente', 'Mercado São Jorge', 'Restaurante Sabor de Minas', 'Açougue Bom Corte',
  'Supermercado Irmãos Reis', 'Lanchonete Central', 'Hotel Serra Azul', 'Sorveteria Gelato Mineiro',
  'Churrascaria Fogo Mineiro', 'Farmácia Vida', 'Clínica Sorriso', 'Distribuidora Alvorada', 'Pizzaria Napoli',
  'Laticínios Vale Verde', 'Frigorífico Triângulo', 'Posto Estrela', 'Escola Pequeno Príncipe', 'Bar do Zé',
  'Empório Santa Tereza', 'Peixaria Rio Doce', 'Hortifruti Bom Preço', 'Cervejaria Pampulha', 'Buffet Encanto',
  'Drogaria Popular', 'Confeitaria Doce Minas', 'Mercearia Dona Lia', 'Restaurante Tropeiro', 'Hamburgueria Brasa',
  'Atacadão Contagem', 'Cozinha Industrial Sabor', 'Hospital São Lucas', 'Condomínio Jardim Europa', 'Casa de Carnes Gaúcha',
] as const;

// prettier-ignore
export const DDDS = ['31', '31', '31', '31', '11', '21', '27', '32', '34', '35', '37', '38', '41', '61', '62', '71'] as const;

/** Equipment, with its grammatical gender (a câmara fria, o compressor). */
// prettier-ignore
export const PRODUCTS: readonly (readonly [string, 'f' | 'm'])[] = [
  ['câmara fria', 'f'], ['balcão refrigerado', 'm'], ['freezer horizontal', 'm'], ['compressor', 'm'],
  ['ar-condicionado split', 'm'], ['expositor de bebidas', 'm'], ['máquina de gelo', 'f'], ['geladeira industrial', 'f'],
  ['motor do ventilador', 'm'], ['termostato', 'm'], ['condensadora', 'f'], ['evaporadora', 'f'],
  ['vitrine refrigerada', 'f'], ['bebedouro', 'm'], ['balcão frigorífico', 'm'], ['freezer vertical', 'm'],
  ['cervejeira', 'f'], ['ilha de congelados', 'f'], ['desumidificador', 'm'], ['chiller', 'm'], ['fancoil', 'm'],
  ['ultracongelador', 'm'], ['climatizador', 'm'], ['expositor de laticínios', 'm'],
];

// prettier-ignore
export const PARTS = [
  'gás R134a', 'gás R404A', 'capacitor', 'relé', 'placa eletrônica', 'sensor de temperatura', 'filtro secador',
  'válvula de expansão', 'ventilador', 'borracha da porta', 'resistência de degelo', 'contatora', 'pressostato',
  'timer de degelo', 'motor do condensador', 'serpentina', 'tubo capilar', 'dobradiça', 'controlador Full Gauge',
] as const;

// prettier-ignore
export const STREETS = [
  'Rua da Bahia, 1148 - Centro', 'Av. Afonso Pena, 3200 - Funcionários', 'Rua Padre Eustáquio, 455 - Carlos Prates',
  'Av. Amazonas, 5001 - Gameleira', 'Rua Pouso Alegre, 2210 - Santa Tereza', 'Av. do Contorno, 8000 - Santo Agostinho',
  'Rua Itapecerica, 980 - Lagoinha', 'Av. Cristiano Machado, 4000 - Cidade Nova', 'Rua Jacuí, 1500 - Floresta',
  'Av. João César de Oliveira, 3550 - Eldorado', 'Rua dos Timbiras, 1200 - Lourdes', 'Av. Antônio Carlos, 6627 - Pampulha',
  'Rua Conselheiro Lafaiete, 77 - Sagrada Família', 'Av. Olegário Maciel, 1600 - Lourdes', 'Rua Espírito Santo, 321 - Centro',
] as const;

// prettier-ignore
export const CITIES = [
  'Belo Horizonte', 'Contagem', 'Betim', 'Nova Lima', 'Sabará', 'Santa Luzia', 'Ribeirão das Neves', 'Vespasiano',
  'Lagoa Santa', 'Sete Lagoas', 'Ibirité', 'Divinópolis', 'Itabira', 'Ouro Preto', 'Juiz de Fora', 'Ipatinga',
] as const;

// prettier-ignore
export const TECHNICIANS = ['Wesley', 'Reginaldo', 'Adão', 'Jefferson', 'Claudinei', 'Edmilson', 'Valdir', 'Ronaldo'] as const;

// prettier-ignore
export const WEEKDAYS = ['segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira'] as const;

// prettier-ignore
export const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'] as const;

// prettier-ignore
export const EMOJI = ['👍', '🙏', '😊', '👏', '✅', '😅', '🙂', '👌', '❄️', '🔧', '😂', '🤝', '⚠️', '📎', '🌻'] as const;

// prettier-ignore
export const PUSH_DECOR = ['', '', '', '', '', ' 🌻', ' ✨', ' 🙏', ' ⚽', ' 💙', ' ❄️', '🇧🇷'] as const;
