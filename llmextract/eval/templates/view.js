(function(){
  // Click-through: #art-N shows that article (only one at a time); a cell also marks its system's column.
  var chosen = null;
  function show(){
    var hash = location.hash, target = null;
    document.querySelectorAll('article.art').forEach(function(a){
      var on = '#' + a.id === hash; a.hidden = !on; if(on){ target = a; }
    });
    document.querySelectorAll('.column.chosen').forEach(function(c){ c.classList.remove('chosen'); });
    if(target){
      if(chosen){ target.querySelectorAll('.column[data-system]').forEach(function(c){
        if(c.dataset.system === chosen){ c.classList.add('chosen'); } }); }
      target.scrollIntoView();
    }
  }
  document.querySelectorAll('td.cell a').forEach(function(a){
    a.addEventListener('click', function(){ chosen = a.dataset.system; if('#' + a.getAttribute('href').slice(1) === location.hash){ show(); } });
  });
  window.addEventListener('hashchange', show);
  var q = document.getElementById('mq');
  if(q){ q.addEventListener('input', function(){
    var text = q.value.trim().toLowerCase();
    document.querySelectorAll('table.matrix tr[data-row]').forEach(function(tr){
      tr.hidden = text !== '' && tr.dataset.row.toLowerCase().indexOf(text) < 0; });
  }); }
  var sel = document.getElementById('hist-gold');
  if(sel){ sel.addEventListener('change', function(){
    document.querySelectorAll('.hist').forEach(function(h){ h.hidden = h.dataset.index !== sel.value; });
  }); }
  show();
})();
