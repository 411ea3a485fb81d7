/**
 * Where a person leaves things of a type, most usual first: the receptacle types a thing starts on or
 * in when the record's gold plan does not say (it picks the thing up where it navigated to the thing
 * itself). Grouped by kind of thing, after the receptacle-object pairs ALFRED's generator allows
 * (askforalfred/alfred `gen/constants.py`, MIT). `Floor` is the room's floor.
 */
const FOOD = ['CounterTop', 'DiningTable', 'Fridge', 'SideTable'];
const DISHES = ['CounterTop', 'DiningTable', 'Cabinet', 'Shelf', 'SinkBasin'];
const COOKWARE = ['StoveBurner', 'CounterTop', 'Cabinet', 'SinkBasin'];
const CUTLERY = ['Drawer', 'CounterTop', 'DiningTable'];
const KITCHEN_SUNDRIES = ['CounterTop', 'DiningTable', 'Cabinet', 'Shelf'];
const BATHROOM_SUNDRIES = ['CounterTop', 'Toilet', 'Cabinet', 'Shelf', 'Cart', 'Drawer'];
const DESK_THINGS = ['Desk', 'Dresser', 'SideTable', 'CoffeeTable', 'Shelf', 'DiningTable', 'TVStand', 'CounterTop'];
const SMALL_THINGS = ['Desk', 'Dresser', 'SideTable', 'CoffeeTable', 'Drawer', 'Shelf', 'DiningTable', 'CounterTop'];
const SEAT_THINGS = ['Sofa', 'ArmChair', 'Bed', 'CoffeeTable', 'Desk', 'SideTable', 'Dresser', 'DiningTable'];
const DECOR = ['Shelf', 'SideTable', 'Dresser', 'CoffeeTable', 'TVStand', 'DiningTable', 'Desk', 'CounterTop'];

export const USUAL_PLACES: Readonly<Record<string, readonly string[]>> = {
  Apple: FOOD, Bread: FOOD, Egg: ['Fridge', 'CounterTop', 'DiningTable'], Lettuce: FOOD, Potato: FOOD, Tomato: FOOD,
  Bowl: DISHES, Cup: DISHES, Mug: [...DISHES, 'CoffeeMachine', 'Desk'], Plate: DISHES,
  Pan: COOKWARE, Pot: COOKWARE, Kettle: COOKWARE,
  Fork: CUTLERY, Spoon: CUTLERY, Knife: CUTLERY, ButterKnife: CUTLERY, Spatula: CUTLERY, Ladle: CUTLERY,
  SaltShaker: KITCHEN_SUNDRIES, PepperShaker: KITCHEN_SUNDRIES, WineBottle: KITCHEN_SUNDRIES, GlassBottle: KITCHEN_SUNDRIES,
  PaperTowelRoll: [...KITCHEN_SUNDRIES, 'Toilet'], SoapBottle: ['CounterTop', 'Cabinet', 'Shelf', 'Toilet', 'Cart'],
  DishSponge: ['SinkBasin', 'CounterTop', 'Cart', 'Cabinet'], SprayBottle: [...BATHROOM_SUNDRIES, 'DiningTable'],
  SoapBar: ['CounterTop', 'SinkBasin', 'BathtubBasin', 'Toilet', 'Cabinet', 'Cart'], Cloth: [...BATHROOM_SUNDRIES, 'BathtubBasin'],
  ToiletPaper: ['ToiletPaperHanger', 'Toilet', 'CounterTop', 'Cabinet', 'Shelf'], ToiletPaperRoll: ['Toilet', 'CounterTop', 'Shelf'],
  HandTowel: ['HandTowelHolder', 'CounterTop'], Towel: ['TowelHolder'], Plunger: ['Floor'], ScrubBrush: ['Floor'],
  Candle: [...BATHROOM_SUNDRIES, ...DECOR], TissueBox: [...DESK_THINGS, 'Toilet'],
  AlarmClock: DESK_THINGS, Book: [...SEAT_THINGS, 'Shelf'], CD: SMALL_THINGS, CellPhone: [...SMALL_THINGS, 'Bed', 'Sofa'],
  CreditCard: [...SMALL_THINGS, 'Sofa'], KeyChain: [...SMALL_THINGS, 'Sofa'], Pen: SMALL_THINGS, Pencil: SMALL_THINGS, Watch: SMALL_THINGS,
  RemoteControl: [...SEAT_THINGS, 'TVStand'], Laptop: SEAT_THINGS, Newspaper: SEAT_THINGS, Pillow: ['Sofa', 'Bed', 'ArmChair'],
  Statue: DECOR, Vase: DECOR, Box: ['Floor', 'CoffeeTable', 'Dresser', 'Desk', 'Shelf', 'Sofa'],
  BasketBall: ['Floor', 'Bed'], BaseballBat: ['Floor', 'Bed'], TennisRacket: ['Floor', 'Bed'], Boots: ['Floor'],
  TeddyBear: ['Bed', 'Sofa', 'Floor'], WateringCan: ['Floor', 'Shelf'],
};

/** Any surface a room has, for a type the table does not list. */
export const FALLBACK_PLACES: readonly string[] = ['CounterTop', 'DiningTable', 'Desk', 'Dresser', 'SideTable', 'CoffeeTable', 'Shelf', 'Floor'];

/** The usual places of a type that `available` accepts, else the fallback surfaces it accepts. */
export function usualPlaces(type: string, available: (place: string) => boolean): readonly string[] {
  const own = (USUAL_PLACES[type] ?? []).filter(available);
  return own.length > 0 ? own : FALLBACK_PLACES.filter(available);
}
