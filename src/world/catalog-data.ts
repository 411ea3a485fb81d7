/** What the world does with an entity of a type: a role ties a type to an interaction rule. */
export type TypeRole = 'fridge' | 'microwave' | 'sink' | 'faucet' | 'stove' | 'knife' | 'lamp' | 'cookware' | 'table';

/**
 * One row per type: name, affordance flags, default size [w, d, h] in metres, everyday aliases, role.
 * Flags: pick (pickupable), surface|container (receptacle kind), open, toggle, slice, clean, heat,
 * cool, fill, light, transparent. A pickupable receptacle is a movable receptacle. `wash` is `clean`
 * for things that start unwashed (produce, eggs): washing them is work still to do, where a dish
 * starts clean until a scene says it is dirty.
 *
 * The AI2-THOR types follow AI2-THOR's object-type table and ALFRED's action-object sets:
 * - pick, open, toggle, slice, fill and receptacles as AI2-THOR's actionable properties say
 *   (pickupable, openable, toggleable, sliceable, canFillWithLiquid, receptacle);
 * - clean: ALFRED's cleanable set (what its tasks wash in a sink basin, produce included), together
 *   with AI2-THOR's dirtyable things that fit in a sink;
 * - cool: ALFRED's coolable set, which is what a fridge takes;
 * - heat: ALFRED's heatable set, what a microwave takes, and what sits on a stove burner (kettle,
 *   pan, pot), since AI2-THOR heats both.
 * `catalog.test.ts` pins a representative part of this table.
 */
export type CatalogRow = readonly [string, string, readonly [number, number, number], readonly string[], TypeRole?];

const PRODUCE = 'pick slice wash heat cool';
const DISH = 'pick clean heat cool';

export const CATALOG_ROWS: readonly CatalogRow[] = [
  // Food
  ['Apple', PRODUCE, [0.08, 0.08, 0.08], ['apple', 'apples']],
  ['Bread', 'pick slice heat cool', [0.25, 0.12, 0.12], ['bread', 'loaf', 'loaf of bread']],
  ['Egg', PRODUCE, [0.05, 0.05, 0.06], ['egg']],
  ['Potato', PRODUCE, [0.09, 0.07, 0.07], ['potato']],
  ['Tomato', PRODUCE, [0.08, 0.08, 0.07], ['tomato']],
  ['Lettuce', 'pick slice wash cool', [0.18, 0.18, 0.16], ['lettuce', 'head of lettuce']],
  // Tableware and cookware
  ['Mug', `${DISH} fill container`, [0.09, 0.09, 0.1], ['mug', 'coffee mug', 'coffee cup']],
  ['Cup', `${DISH} fill container`, [0.08, 0.08, 0.11], ['cup', 'glass', 'drinking glass']],
  ['Bowl', `${DISH} fill container`, [0.16, 0.16, 0.07], ['bowl']],
  ['Plate', `${DISH} surface`, [0.24, 0.24, 0.02], ['plate', 'dish']],
  ['Pan', `${DISH} surface`, [0.3, 0.3, 0.06], ['pan', 'frying pan', 'skillet'], 'cookware'],
  ['Pot', `${DISH} fill container`, [0.26, 0.26, 0.16], ['pot', 'cooking pot', 'saucepan'], 'cookware'],
  ['Kettle', 'pick open clean fill heat', [0.18, 0.15, 0.2], ['kettle', 'tea kettle', 'teapot']],
  ['WateringCan', 'pick fill', [0.3, 0.15, 0.22], ['watering can']],
  ['WineBottle', 'pick fill cool', [0.08, 0.08, 0.3], ['wine bottle', 'bottle of wine', 'wine']],
  ['Knife', 'pick clean', [0.3, 0.04, 0.02], ['knife', 'kitchen knife', 'chef knife'], 'knife'],
  ['ButterKnife', 'pick clean', [0.2, 0.03, 0.02], ['butter knife', 'table knife'], 'knife'],
  ['Fork', 'pick clean', [0.19, 0.03, 0.02], ['fork']],
  ['Spoon', 'pick clean', [0.18, 0.04, 0.02], ['spoon']],
  ['Spatula', 'pick clean', [0.3, 0.07, 0.03], ['spatula', 'turner']],
  ['Ladle', 'pick clean', [0.3, 0.08, 0.05], ['ladle']],
  ['SaltShaker', 'pick', [0.05, 0.05, 0.1], ['salt shaker', 'salt']],
  ['PepperShaker', 'pick', [0.05, 0.05, 0.1], ['pepper shaker', 'pepper']],
  // Cleaning and bathroom items
  ['Sponge', 'pick clean', [0.1, 0.07, 0.04], ['sponge']],
  ['DishSponge', 'pick clean', [0.1, 0.07, 0.04], ['dish sponge', 'scrubber']],
  ['Cloth', 'pick clean', [0.3, 0.3, 0.01], ['cloth', 'rag', 'towel', 'dish towel']],
  ['SoapBar', 'pick clean', [0.09, 0.06, 0.03], ['soap', 'bar of soap', 'soap bar']],
  ['SoapBottle', 'pick', [0.07, 0.07, 0.18], ['soap bottle', 'dish soap', 'liquid soap']],
  ['SprayBottle', 'pick', [0.09, 0.07, 0.25], ['spray bottle', 'spray', 'cleaner']],
  ['ToiletPaper', 'pick', [0.11, 0.11, 0.1], ['toilet paper', 'toilet roll', 'tp']],
  ['Candle', 'pick toggle', [0.07, 0.07, 0.12], ['candle']],
  ['TissueBox', 'pick', [0.22, 0.12, 0.1], ['tissue box', 'tissues', 'box of tissues']],
  // Small things around the house
  ['Book', 'pick open', [0.2, 0.15, 0.04], ['book', 'novel']],
  ['CD', 'pick', [0.12, 0.12, 0.01], ['cd', 'disc', 'compact disc']],
  ['CellPhone', 'pick toggle', [0.07, 0.15, 0.01], ['cell phone', 'phone', 'mobile phone', 'smartphone', 'cellphone']],
  ['CreditCard', 'pick', [0.085, 0.054, 0.002], ['credit card', 'card', 'bank card']],
  ['KeyChain', 'pick', [0.08, 0.04, 0.02], ['key chain', 'keys', 'key', 'keychain']],
  ['Laptop', 'pick open toggle', [0.34, 0.24, 0.02], ['laptop', 'computer', 'notebook computer']],
  ['Pencil', 'pick', [0.18, 0.01, 0.01], ['pencil']],
  ['Pen', 'pick', [0.14, 0.01, 0.01], ['pen', 'ballpoint']],
  ['Pillow', 'pick', [0.5, 0.35, 0.12], ['pillow', 'cushion']],
  ['RemoteControl', 'pick', [0.05, 0.18, 0.02], ['remote control', 'remote', 'tv remote', 'controller']],
  ['Statue', 'pick', [0.1, 0.1, 0.25], ['statue', 'figurine', 'sculpture']],
  ['Vase', 'pick', [0.12, 0.12, 0.3], ['vase', 'flower vase']],
  ['Watch', 'pick', [0.04, 0.04, 0.01], ['watch', 'wristwatch']],
  ['Newspaper', 'pick', [0.3, 0.2, 0.02], ['newspaper', 'paper']],
  ['AlarmClock', 'pick', [0.12, 0.07, 0.1], ['alarm clock', 'clock']],
  ['BaseballBat', 'pick', [0.85, 0.07, 0.07], ['baseball bat', 'bat']],
  ['TennisRacket', 'pick', [0.68, 0.27, 0.03], ['tennis racket', 'racket', 'racquet']],
  ['BasketBall', 'pick', [0.24, 0.24, 0.24], ['basketball', 'basket ball', 'ball']],
  ['Box', 'pick open container', [0.35, 0.25, 0.2], ['box', 'cardboard box', 'carton']],
  // Furniture and receptacles
  ['CounterTop', 'surface', [2.0, 0.6, 0.9], ['counter top', 'counter', 'kitchen counter', 'countertop', 'worktop'], 'table'],
  ['DiningTable', 'surface', [1.4, 0.9, 0.75], ['dining table', 'table', 'kitchen table'], 'table'],
  ['CoffeeTable', 'surface', [1.0, 0.55, 0.45], ['coffee table', 'table', 'low table'], 'table'],
  ['SideTable', 'surface', [0.5, 0.45, 0.6], ['side table', 'night stand', 'nightstand', 'bedside table', 'end table', 'table'], 'table'],
  ['Desk', 'surface', [1.2, 0.6, 0.75], ['desk', 'writing desk', 'study desk', 'table']],
  ['Shelf', 'surface', [0.8, 0.3, 1.0], ['shelf', 'shelves', 'bookshelf']],
  ['TVStand', 'surface', [1.2, 0.4, 0.5], ['tv stand', 'television stand', 'tv table']],
  ['Dresser', 'surface', [1.0, 0.5, 0.9], ['dresser', 'chest of drawers', 'bureau']],
  ['Ottoman', 'surface', [0.6, 0.6, 0.4], ['ottoman', 'footstool', 'pouf']],
  ['Sofa', 'surface', [2.0, 0.9, 0.45], ['sofa', 'couch']],
  ['ArmChair', 'surface', [0.8, 0.8, 0.45], ['arm chair', 'armchair', 'chair']],
  ['Chair', 'surface', [0.45, 0.45, 0.45], ['chair', 'dining chair']],
  ['Bed', 'surface', [1.6, 2.0, 0.55], ['bed']],
  ['Cabinet', 'container open', [0.6, 0.5, 0.9], ['cabinet', 'cupboard', 'kitchen cabinet']],
  ['Drawer', 'container open', [0.5, 0.45, 0.2], ['drawer']],
  ['Safe', 'container open', [0.45, 0.45, 0.5], ['safe', 'strongbox']],
  ['GarbageCan', 'container', [0.35, 0.35, 0.5], ['garbage can', 'trash can', 'bin', 'trash', 'wastebasket', 'rubbish bin']],
  ['Bathtub', 'container', [1.7, 0.75, 0.55], ['bathtub', 'bath tub', 'tub', 'bath']],
  ['BathtubBasin', 'container', [1.5, 0.6, 0.45], ['bathtub basin']],
  ['Toilet', 'container open', [0.4, 0.65, 0.4], ['toilet', 'loo', 'wc']],
  ['Sink', 'surface', [0.8, 0.55, 0.9], ['sink']],
  ['SinkBasin', 'container', [0.5, 0.4, 0.2], ['sink basin', 'sink', 'basin', 'kitchen sink', 'washbasin'], 'sink'],
  ['Faucet', 'toggle', [0.05, 0.15, 0.3], ['faucet', 'tap', 'water tap'], 'faucet'],
  // Appliances and lights
  ['Fridge', 'container open', [0.8, 0.75, 1.8], ['fridge', 'refrigerator', 'icebox', 'freezer'], 'fridge'],
  ['Microwave', 'container open toggle transparent', [0.5, 0.4, 0.3], ['microwave', 'microwave oven'], 'microwave'],
  ['StoveBurner', 'surface toggle', [0.25, 0.25, 0.02], ['stove burner', 'burner', 'stove', 'hob', 'cooktop'], 'stove'],
  ['StoveKnob', 'toggle', [0.04, 0.04, 0.04], ['stove knob', 'knob']],
  ['CoffeeMachine', 'surface toggle', [0.25, 0.3, 0.4], ['coffee machine', 'coffee maker', 'espresso machine']],
  ['Toaster', 'surface toggle', [0.28, 0.18, 0.2], ['toaster']],
  ['LightSwitch', 'toggle', [0.08, 0.02, 0.12], ['light switch', 'switch', 'lights']],
  ['DeskLamp', 'toggle light', [0.2, 0.2, 0.45], ['desk lamp', 'lamp', 'reading lamp', 'table lamp'], 'lamp'],
  ['FloorLamp', 'toggle light', [0.4, 0.4, 1.6], ['floor lamp', 'lamp', 'standing lamp'], 'lamp'],
  ['Television', 'toggle', [1.1, 0.1, 0.65], ['television', 'tv']],
  // LIBERO tabletop types
  ['moka_pot', 'pick heat fill', [0.1, 0.1, 0.16], ['moka pot', 'moka', 'espresso pot', 'coffee pot'], 'cookware'],
  ['flat_stove', 'surface toggle', [0.3, 0.3, 0.04], ['flat stove', 'stove', 'cooktop', 'hob', 'burner'], 'stove'],
  ['chefmate_8_frypan', 'pick surface clean heat', [0.3, 0.22, 0.05], ['frying pan', 'frypan', 'pan', 'skillet'], 'cookware'],
  ['akita_black_bowl', 'pick container clean fill', [0.14, 0.14, 0.06], ['black bowl', 'bowl']],
  ['wine_bottle', 'pick cool', [0.07, 0.07, 0.28], ['wine bottle', 'bottle of wine', 'bottle', 'wine']],
  ['white_cabinet', 'surface', [0.36, 0.3, 0.42], ['white cabinet', 'cabinet', 'drawers']],
  ['wine_rack', 'container', [0.3, 0.2, 0.25], ['wine rack', 'rack']],
  ['porcelain_mug', 'pick clean fill heat cool', [0.09, 0.09, 0.1], ['white mug', 'porcelain mug', 'mug']],
  ['white_yellow_mug', 'pick clean fill heat cool', [0.09, 0.09, 0.1], ['yellow and white mug', 'white and yellow mug', 'yellow mug', 'mug']],
  ['red_coffee_mug', 'pick clean fill heat cool', [0.09, 0.09, 0.1], ['red mug', 'red coffee mug', 'coffee mug', 'mug']],
  ['microwave', 'container open toggle transparent', [0.4, 0.3, 0.28], ['microwave', 'microwave oven'], 'microwave'],
  ['alphabet_soup', 'pick heat', [0.07, 0.07, 0.1], ['alphabet soup', 'soup', 'soup can', 'can of soup']],
  ['cream_cheese', 'pick cool', [0.1, 0.06, 0.04], ['cream cheese', 'cream cheese box', 'cheese']],
  ['tomato_sauce', 'pick heat', [0.07, 0.07, 0.12], ['tomato sauce', 'sauce', 'tomato sauce jar']],
  ['ketchup', 'pick', [0.06, 0.04, 0.16], ['ketchup', 'ketchup bottle']],
  ['orange_juice', 'pick cool', [0.07, 0.07, 0.18], ['orange juice', 'juice', 'orange juice carton']],
  ['milk', 'pick cool', [0.07, 0.07, 0.18], ['milk', 'milk carton']],
  ['butter', 'pick cool', [0.1, 0.05, 0.04], ['butter', 'stick of butter']],
  ['basket', 'pick container', [0.28, 0.2, 0.12], ['basket']],
  ['plate', 'pick surface clean', [0.2, 0.2, 0.02], ['plate', 'dish']],
  ['chocolate_pudding', 'pick cool', [0.07, 0.05, 0.05], ['chocolate pudding', 'pudding', 'pudding cup']],
  ['black_book', 'pick', [0.15, 0.2, 0.04], ['black book', 'book']],
  ['desk_caddy', 'container', [0.24, 0.16, 0.1], ['desk caddy', 'caddy', 'organizer']],
  ['kitchen_table', 'surface', [1.2, 0.8, 0.8], ['kitchen table', 'table'], 'table'],
  ['living_room_table', 'surface', [1.2, 0.8, 0.6], ['living room table', 'table', 'coffee table'], 'table'],
  ['study_table', 'surface', [1.2, 0.8, 0.75], ['study table', 'desk', 'table'], 'table'],
];
