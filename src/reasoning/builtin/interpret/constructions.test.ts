import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, loadScene } from '../../../world/index.js';
import { beliefFromScene } from '../../belief-scene.js';
import type { BeliefState } from '../../belief.js';
import { goalPredicates } from '../../goal.js';
import type { Interpretation } from '../../goal.js';
import { interpret } from './index.js';

const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : [r.kind === 'search' ? `search ${r.search.type}` : r.kind]);
const home = (): BeliefState => beliefFromScene(loadBuiltinScene('home'));
const say = (text: string, b: BeliefState = home()): string[] => preds(interpret(text, b, { speaker: 'alex' }));

/** A bedroom as the map of an AI2-THOR floor plan has it: drawers and a shelf are things of their own, no attributes recorded. */
const bedroom = (): BeliefState =>
  beliefFromScene(
    loadScene(
      JSON.stringify({
        name: 'test-bedroom',
        kind: 'house',
        rooms: [{ id: 'room', rect: { x: 0, y: 0, w: 5, d: 4 } }],
        entities: [
          { id: 'desk_1', type: 'Desk', position: { x: 1.5, y: 3.6, z: 0.75 } },
          { id: 'drawer_1', type: 'Drawer', position: { x: 2.4, y: 3.6, z: 0.6 }, state: { open: true } },
          { id: 'drawer_2', type: 'Drawer', position: { x: 4.6, y: 1.0, z: 0.6 }, state: { open: true } },
          { id: 'side_table_1', type: 'SideTable', position: { x: 4.6, y: 2.2, z: 0.6 } },
          { id: 'shelf_1', type: 'Shelf', position: { x: 4.6, y: 3.2, z: 1.0 } },
          { id: 'pencil_1', type: 'Pencil', placement: { relation: 'on', target: 'desk_1' } },
          { id: 'cup_1', type: 'Cup', placement: { relation: 'on', target: 'desk_1' } },
          { id: 'lamp_1', type: 'DeskLamp', placement: { relation: 'on', target: 'desk_1' } },
        ],
        robots: [{ id: 'rover', kind: 'mobile_manipulator', pose: { x: 2.5, y: 1.5, theta: 0 }, capabilities: ['navigate', 'manipulate', 'open', 'toggle', 'slice'] }],
        people: [{ id: 'alex', name: 'Alex', room: 'room', position: { x: 1, y: 1 } }],
      }),
    ),
  );

describe('relative clauses', () => {
  it('reads "that is" and "which is" as where the thing is, never where it goes', () => {
    // The tomato sits in the bowl: it goes to the fridge, not the bowl with it.
    expect(say('put the tomato that is in the bowl in the fridge')).toEqual(['in(tomato_1,fridge_1)']);
    expect(say('bring me the mug which is in the sink')).toEqual(['heldBy(mug_blue,alex)']);
    expect(say('hand me the pencil that is currently on the desk')).toEqual(['heldBy(pencil_1,alex)']);
  });

  it('reads "containing" as what a vessel is to hold', () => {
    expect(say('put a plate containing the potato on the counter')).toEqual(['on(potato_1,plate_1)', 'on(plate_1,counter_1)']);
  });
});

describe('negation and exclusion', () => {
  it('leaves out what the request excludes', () => {
    expect(say('bring me a mug, not the red one')).toEqual(['heldBy(mug_blue,alex)']);
    expect(say('bring me the mugs except the blue one')).toEqual(['heldBy(mug_red,alex)']);
    expect(say('give me a fruit other than the apple')).toEqual(['heldBy(tomato_1,alex)']);
  });

  it('takes "the other one" as not the one just talked about', () => {
    expect(say('wash the red mug, then bring me the other mug')).toEqual(['isClean(mug_red)', 'heldBy(mug_blue,alex)']);
  });

  it('never excludes on an attribute the belief has not seen', () => {
    // No colours recorded: "not the red one" rules nothing out, so the one cup is still meant.
    expect(say('bring me a cup, not the red one', bedroom())).toEqual(['heldBy(cup_1,alex)']);
  });
});

describe('rooms and regions', () => {
  it('finds things by the room they are in', () => {
    expect(say('turn on the lamp in the bedroom')).toEqual(['isOn(desk_lamp_1)']);
    expect(say('switch on the living room lamp')).toEqual(['isOn(floor_lamp_1)']);
  });

  it('reads a part named after its place as part of it', () => {
    expect(say('put the apple into the fridge on the top shelf')).toEqual(['in(apple_1,fridge_1)']);
    // Where the drawer is a thing of its own, "the drawer of the desk" is the one by the desk.
    expect(say('put the pencil in the drawer of the desk', bedroom())).toEqual(['in(pencil_1,drawer_1)']);
    expect(say('set the cup on the shelf by the side table', bedroom())).toEqual(['on(cup_1,shelf_1)', 'nextTo(cup_1,side_table_1)']);
  });
});

describe('attributes as filters', () => {
  it('takes a material or colour word used as the noun as the thing ("a glass", "the light")', () => {
    expect(say('move a glass to the shelf', bedroom())).toEqual(['on(cup_1,shelf_1)']);
    expect(say('turn on the light', bedroom())).toEqual(['isOn(lamp_1)']);
  });

  it('narrows by an attribute the belief records, and not by one it does not', () => {
    // The only apple seen is medium-sized: the small one is looked for (in the closed fridge).
    expect(say('bring me the small apple')).toEqual(['search Apple']);
    // Nothing in this room has a recorded material: "wooden" blocks nothing.
    expect(say('put the pencil on the wooden shelf', bedroom())).toEqual(['on(pencil_1,shelf_1)']);
  });
});

describe('pronouns and ellipsis across clauses', () => {
  it('puts a thing back where it was', () => {
    expect(say('pick up the bread and then put it back')).toEqual(['on(bread_1,counter_1)']);
  });

  it('keeps what a clause with an unknown verb names, for a later "it"', () => {
    expect(say('photograph the remote and put it on the sofa')).toEqual(['on(remote_control_1,sofa_1)']);
  });

  it('does not take a clause that only names things as something to do', () => {
    // The only clause with orca's verb names nothing orca knows of: that is the answer, not an empty goal.
    const r = interpret('photograph the remote and then put the trombone on the sofa', home(), { speaker: 'alex' });
    expect(r).toMatchObject({ kind: 'not_found', reason: 'There is no trombone here that I know of.' });
  });

  it('repeats the placing for a place said on its own', () => {
    expect(say('put the potato in the fridge, then the sink')).toEqual(['isCold(potato_1)', 'in(potato_1,sink_basin_1)']);
  });

  it('follows "it" into a state change', () => {
    expect(say('take the potato off the table and cut it into pieces')).toEqual(['holding(*,potato_1)', 'isSliced(potato_1)']);
  });
});

describe('quantities and sets', () => {
  it('reads numbers, "both", "all" and "a couple of"', () => {
    expect(say('put both mugs in the sink')).toEqual(['in(mug_red,sink_basin_1)', 'in(mug_blue,sink_basin_1)']);
    expect(say('put a couple of pillows on the bed')).toEqual(['on(pillow_1,bed_1)', 'on(pillow_2,bed_1)']);
    expect(say('put all the pillows on the sofa')).toEqual(['on(pillow_1,sofa_1)', 'on(pillow_2,sofa_1)']);
    // Two are known: the third is looked for.
    expect(say('put three pillows on the sofa')).toEqual(['search Pillow']);
  });
});

describe('tools and containers found first', () => {
  it('looks for a knife before slicing when none is seen', () => {
    const b = home();
    b.entities.delete('knife_1');
    b.entities.delete('butter_knife_1');
    expect(say('slice the bread', b)).toEqual(['search Knife']);
    expect(say('slice the bread')).toEqual(['isSliced(bread_1)']);
  });
});

describe('clauses people join loosely', () => {
  it('reads names of several words as nouns, whatever the tagger made of their parts', () => {
    expect(say('move the potato from the table to trash can')).toEqual(['in(potato_1,garbage_can_1)']);
    expect(say('place pan on the counter')).toEqual(['on(pan_1,counter_1)']);
  });

  it('shares the object of a list of verbs ("slice, chill and put …")', () => {
    expect(say('slice, chill and put the potato on the counter')).toEqual(['isSliced(potato_1)', 'isCold(potato_1)', 'on(potato_1,counter_1)']);
  });

  it('reads "them both", "before …ing" and "plus"', () => {
    // "them both": the bowl that carries the potato, chilled on the way and set on the counter.
    expect(say('put the potato in a bowl in the fridge and then set them both on the counter')).toEqual(['in(potato_1,bowl_1)', 'isCold(bowl_1)', 'on(bowl_1,counter_1)']);
    expect(say('heat the bread, before putting it on the dining table')).toEqual(['isHot(bread_1)', 'on(bread_1,dining_table_1)']);
  });

  it('holds what is named first with "with", or "in hand"', () => {
    expect(say('With the remote, turn on the floor lamp.')).toEqual(['holding(*,remote_control_1)', 'inLight(remote_control_1,floor_lamp_1)', 'isOn(floor_lamp_1)']);
    // No comma: a verb with its particle ("turn on") ends the held thing as a determiner would.
    expect(say('with the remote turn on the floor lamp')).toEqual(['holding(*,remote_control_1)', 'isOn(floor_lamp_1)', 'inLight(remote_control_1,floor_lamp_1)']);
    expect(say('turn on the floor lamp with the newspaper in hand')).toEqual(['isOn(floor_lamp_1)', 'holding(*,newspaper_1)', 'inLight(newspaper_1,floor_lamp_1)']);
  });

  it('takes "on"/"in" after a taking verb as where the thing is, "to"/"onto" as where it goes', () => {
    expect(say('grab the remote on the coffee table')).toEqual(['holding(*,remote_control_1)']);
    expect(say('take the remote to the sofa')).toEqual(['on(remote_control_1,sofa_1)']);
  });

  it('reads "at" as a place to put things, and parts of a room as no place to put them', () => {
    expect(say('leave the newspaper at the desk')).toEqual(['on(newspaper_1,desk_1)']);
    expect(say('move the newspaper to the sofa in the corner')).toEqual(['on(newspaper_1,sofa_1)']);
    expect(say('carry the newspaper to the other side of the room, then put it on the sofa')).toEqual(['on(newspaper_1,sofa_1)']);
  });

  it('takes the only one on the asked side when nothing stands squarely there', () => {
    // Two cabinets in the kitchen, neither squarely beside the fridge: only one is to its right at all.
    expect(say('put the spoon in the cabinet to the right of the fridge')).toEqual(['in(spoon_1,cabinet_2)']);
  });

  it('looks for what a word names before settling for a synonym ("a cup" is a cup before it is a mug)', () => {
    const b = home();
    // The only cup is in a closed cabinet; the mugs are in view.
    expect(say('bring me a cup', b)).toEqual(['search Cup']);
  });
});

describe('places said in pieces', () => {
  it('reads a second object and place after "and" as the same verb said again', () => {
    expect(say('put the knife in the sink and the bread on the counter')).toEqual(['in(knife_1,sink_basin_1)', 'on(bread_1,counter_1)']);
  });

  it('sets a thing under an appliance with a tray on that appliance, and under a counter in the cupboard below', () => {
    expect(say('put the red mug under the coffee maker')).toEqual(['on(mug_red,coffee_machine_1)']);
    expect(say('put the red mug under the counter')).toEqual(['in(mug_red,cabinet_2)']);
  });

  it('reads a shelf, rack or level of a container as the container ("to the fridge on the top shelf")', () => {
    expect(say('place the red mug to the fridge on the top shelf')).toEqual(['in(mug_red,fridge_1)']);
    expect(say('put the red mug in the fridge on the second rack from the bottom')).toEqual(['in(mug_red,fridge_1)']);
    expect(say('put the red mug on the top shelf of the fridge')).toEqual(['in(mug_red,fridge_1)']);
  });
});

describe('sets named by a quantity alone, returning and moving away', () => {
  it('reads "both" or "all" with no noun as the things just talked about', () => {
    expect(say('put the pen in the blue mug and place both next to the laptop')).toEqual(['in(pen_1,mug_blue)', 'on(mug_blue,desk_1)', 'nextTo(mug_blue,laptop_1)']);
    expect(say('put the apple and the bread on the plate and take both to the dining table')).toEqual(['on(apple_1,plate_1)', 'on(bread_1,plate_1)', 'on(plate_1,dining_table_1)']);
  });

  it('reads "return it" with no place as putting it back, and with a person as handing it over', () => {
    expect(say('wash the pan and return it')).toEqual(['isClean(pan_1)', 'on(pan_1,stove_burner_1)']);
    expect(say('take the red mug and return it to me')).toEqual(['heldBy(mug_red,alex)']);
    expect(say('return the remote to the sofa')).toEqual(['on(remote_control_1,sofa_1)']);
  });

  it('never takes the place a thing is moved from as where it goes', () => {
    // The remote lies on the coffee table, the nearest table: "a table" is another one.
    expect(say('move the remote from the coffee table to a table')).toEqual(['on(remote_control_1,dining_table_1)']);
    // The tomato lies in the bowl, not on the table: the table still receives it.
    expect(say('move the tomato from the bowl to the dining table')).toEqual(['on(tomato_1,dining_table_1)']);
  });

  it('puts a thing under what stands on furniture on that furniture', () => {
    expect(say('put the vase under the television')).toEqual(['on(vase_1,tv_stand_1)']);
    expect(say('put the pen under the desk lamp')).toEqual(['on(pen_1,desk_1)']);
  });

  it('holds a thing in the light of a lamp it is held by, under or in front of', () => {
    expect(say('hold the newspaper in front of a lit lamp')).toEqual(['holding(*,newspaper_1)', 'inLight(newspaper_1,floor_lamp_1)']);
    expect(say('hold the book under the floor lamp')).toEqual(['holding(*,book_1)', 'inLight(book_1,floor_lamp_1)']);
    expect(say('hold the candle with the spatula')).toEqual(['holding(*,candle_1)']);
  });
});

describe('more of one kind, vessels and what a state word asks of a thing', () => {
  it('reads "from one table to another" as a table other than the one it is on', () => {
    // The remote lies on the coffee table.
    expect(say('move the remote from one table to another')).toEqual(['on(remote_control_1,dining_table_1)']);
  });

  it('carries a thing in a vessel into the appliance that chills it, unless it is already in it', () => {
    expect(say('chill the potato in a pan in the fridge')).toEqual(['isCold(potato_1)', 'on(potato_1,pan_1)', 'in(pan_1,fridge_1)']);
    // The tomato already lies in the bowl: the bowl only says which tomato.
    expect(say('chill the tomato in the bowl')).toEqual(['isCold(tomato_1)']);
  });

  it('keeps a vessel named before a spatial place', () => {
    expect(say('put the spoon on a plate on the counter next to the toaster')).toEqual(['on(spoon_1,plate_1)', 'on(plate_1,counter_1)', 'nextTo(plate_1,toaster_1)']);
  });

  it('takes "a chilled X" to be an X that can be chilled', () => {
    const b = home();
    // A glass bottle and a wine bottle on the counter: of the bottles, only the wine can be chilled.
    const soap = b.entities.get('soap_bottle_1')!;
    b.entities.delete('soap_bottle_1');
    b.entities.set('glass_bottle_9', { ...soap, id: 'glass_bottle_9', type: 'GlassBottle' });
    b.entities.set('wine_bottle_9', { ...soap, id: 'wine_bottle_9', type: 'WineBottle', position: { ...soap.position, x: soap.position.x + 0.3 } });
    expect(say('put a chilled bottle on the dining table', b)).toEqual(['isCold(wine_bottle_9)', 'on(wine_bottle_9,dining_table_1)']);
  });
});

describe('the head of a compound name', () => {
  it('takes a word that names no type as the head of a compound that does', () => {
    expect(say('put the red mug on the maker')).toEqual(['on(mug_red,coffee_machine_1)']);
    const b = home();
    const shelf = b.entities.get('shelf_1')!;
    b.entities.set('toilet_paper_hanger_1', { ...shelf, id: 'toilet_paper_hanger_1', type: 'ToiletPaperHanger' });
    expect(say('put the toilet paper on the holder', b)).toEqual(['on(toilet_paper_1,toilet_paper_hanger_1)']);
  });
});

describe('questions among alike things', () => {
  it('never offers two options that read the same', () => {
    const b = home();
    const apple = b.entities.get('apple_1')!;
    const table = b.entities.get('plate_1')!;
    b.entities.set('apple_3', { ...apple, id: 'apple_3', position: { ...apple.position, x: apple.position.x + 0.3 } });
    for (const [k, id] of ['apple_4', 'apple_5', 'apple_6'].entries()) {
      b.entities.set(id, { ...apple, id, placement: table.placement, position: { ...table.position, x: table.position.x + 0.2 * k } });
    }
    const r = interpret('bring me the apple', b, { speaker: 'alex' });
    expect(r.kind).toBe('clarify');
    const options = r.kind === 'clarify' ? r.options : [];
    expect(options.length).toBeGreaterThanOrEqual(5);
    expect(new Set(options).size).toBe(options.length);
  });
});
